"""The formatting engine and the Format-*/Out-* cmdlets: the only place objects become text.

Modules: ``values`` (text of single values, property access), ``views`` (which view
an object gets: how classes declare it with ``ps_view``, ``ps_table`` and
``ps_group_by``), ``cells`` (text measured in terminal cells), ``table`` and
``listview`` (layout), ``fixed_columns`` (the column widths and alignments
PowerShell's own views fix for some types), ``formatdata`` (what Format-* emit),
``engine`` (the streaming ``Formatter``, ``OutputState``, ``format_objects``,
``format_for_file``, ``format_error_for_file``), ``records`` (``render_record`` for hosts), ``files``
(Out-File's encodings and errors), ``properties`` (calculated properties), and the
cmdlets in ``format_cmdlets`` and ``out_cmdlets`` (Out-Default keeps
``runspace.format_state``).

Import the submodule you need; this package imports nothing itself, so a host
that only needs ``render_record`` does not load the engine.
"""
