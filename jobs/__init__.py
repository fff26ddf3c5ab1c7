"""The job model as a library: states, stream buffers, waiting, the job table and the job kinds.

It knows nothing of the language (it never imports ``shell``): a ThreadJob is given a
callable to run; a BackgroundJob is given the command line of an endpoint and drives
it through ``sessions``. See DESIGN.md, "Process model".
"""
