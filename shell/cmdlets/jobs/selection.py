"""Finding jobs: the runspace's job table and the -Job/-Id/-Name/-InstanceId/-State filters.

Every job cmdlet selects jobs the same way, as PowerShell's parameter sets bind
them: job objects, Ids, a name given by position (the NameParameterSet's -Name),
and a piped object's InstanceId, Id, Name (Command, State) property. A job that is
not there is reported with PowerShell's messages ("The command cannot find a job
with the job ID 9. Verify the value of the Id parameter and then try the command
again."); a name with wildcards that matches nothing is not an error, as in
PowerShell. Every JobState name is accepted by -State, Suspended included.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from jobs.job import Job
from jobs.states import JobState, state_name
from jobs.table import JobTable
from shell.cmdlets.core.properties import has_wildcard, wildcard_match
from shell.language.cmdlet import Cmdlet, Param
from shell.language.errors import ErrorCategory

if TYPE_CHECKING:
    from shell.language.runspace import Runspace


def job_table(runspace: Runspace) -> JobTable:
    """The runspace's job table, created on first use; its jobs are stopped when the runspace closes."""
    table = runspace.job_table
    if table is None:
        table = JobTable()
        runspace.job_table = table
        runspace.on_exit.append(table.stop_all)
    return table


def parse_state(cmdlet: Cmdlet, value: Any, param: str = "State") -> str:
    """A -State argument as the JobState name it spells, or a terminating error listing the names.

    Every name of PowerShell's JobState enum is accepted (``Suspended`` too: it finds no job).
    """
    if isinstance(value, JobState):
        return value.value
    try:
        return state_name(value)
    except ValueError as exc:
        cmdlet.throw(f"Cannot bind parameter '{param}'. {exc}", category=ErrorCategory.INVALID_ARGUMENT,
                     error_id="CannotConvertArgumentNoMessage")


def _as_id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def listify(value: Any) -> list[Any]:
    """A parameter's value as a list: None is empty, a single value a list of one."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


#: The properties of a piped object that select jobs (ValueFromPipelineByPropertyName), the
#: most precise first: an object with an InstanceId (a job that came from elsewhere) is
#: matched by it alone.
_BY_PROPERTY = ("InstanceId", "Id", "Name", "Command", "State")

_MISSING = object()

_NOT_BOUND = ("The input object cannot be bound to any parameters for the command either because the "
              "command does not take pipeline input or the input and its properties do not match any of "
              "the parameters that take pipeline input.")


def _by_property(cmdlet: Cmdlet, item: Any) -> tuple[str, Any] | None:
    """(selector, value) for a piped object that is not a job: its first property that selects jobs."""
    from shell.language.members import get_member  # noqa: PLC0415 - only for piped non-jobs

    takes_command = any(p.name == "Command" for p in cmdlet.params)
    for prop in _BY_PROPERTY:
        if prop == "Command" and not takes_command:
            continue
        try:
            value = get_member(item, prop)
        except Exception:  # noqa: BLE001 - an object whose property fails selects nothing
            value = None
        if value is not None:
            return prop, value
    return None


def _matches_filter(job: Job, filters: dict[Any, Any]) -> bool:
    """-Filter: every key names a job property whose value equals (or, with wildcards, matches) it."""
    from shell.language.conversions import to_string  # noqa: PLC0415

    for key, wanted in filters.items():
        actual = job.ps_get(str(key), _MISSING)
        if actual is _MISSING:
            return False
        if isinstance(wanted, str) and not isinstance(actual, (bool, int, float)):
            if not wildcard_match(wanted, to_string(actual)):
                return False
        elif to_string(actual).lower() != to_string(wanted).lower():
            return False
    return True


def select(cmdlet: Cmdlet, *, jobs: Any = None, ids: Any = None, names: Any = None,
           instance_ids: Any = None, states: Any = None, commands: Any = None, filters: Any = None,
           include_children: bool = False, all_if_none: bool = False, piped: bool = False,
           named: str | None = None) -> list[Job]:
    """The jobs named by a cmdlet's selectors, in the order asked, without duplicates.

    ``jobs`` may hold Job objects, Ids (``Get-Job 1``) and names (``Receive-Job MyJob``: a
    name by position is the NameParameterSet's -Name). ``piped`` objects that are not jobs
    select by their InstanceId, Id, Name (Command, State) property, as PowerShell binds them
    by property name. Missing Ids, plain names and InstanceIds are written as
    non-terminating errors. With nothing given, ``all_if_none`` selects every job (Get-Job,
    Stop-Job by state). ``filters`` is -Filter's hashtable of property values. ``named`` is
    the parameter ``jobs`` came from when the command line named it (-Job, or Get-Job's
    -Id): a name there is a binding error, as in PowerShell.
    """
    table = cmdlet.runspace.job_table
    found: list[Job] = []
    listed: list[list[Job]] = []

    def every_job() -> list[Job]:
        # Listed only when a selector needs it: `$jobs | Receive-Job` must not scan the
        # table once per job.
        if not listed:
            listed.append(table.jobs(include_children=True) if table is not None else [])
        return listed[0]

    def add(job: Job) -> None:
        if not any(job is f for f in found):
            found.append(job)

    given = False
    ids = listify(ids)
    names = listify(names)
    instance_ids = listify(instance_ids)
    commands = listify(commands)
    for value in listify(jobs):
        given = True
        if isinstance(value, Job):
            add(value)
            continue
        if value is None:
            cmdlet.write_error("Cannot validate argument on parameter 'Job'. The argument is null. "
                               "Provide a valid value for the argument, and then try running the "
                               "command again.", category=ErrorCategory.INVALID_DATA,
                               error_id="ParameterArgumentValidationError")
            continue
        job_id = _as_id(value)
        if job_id is not None:
            ids.append(job_id)
            continue
        if isinstance(value, str):
            if named is not None and not piped:
                _named_string(cmdlet, value, named)
            else:
                names.append(value)
            continue
        chosen = _by_property(cmdlet, value) if piped else None
        if chosen is None:
            _cannot_bind(cmdlet, value, piped)
            continue
        prop, prop_value = chosen
        if prop == "InstanceId":
            instance_ids.extend(listify(prop_value))
        elif prop == "Id":
            ids.extend(listify(prop_value))
        elif prop == "Name":
            names.extend(listify(prop_value))
        elif prop == "Command":
            commands.extend(listify(prop_value))
        else:
            states = prop_value
            given = False
    for value in ids:
        given = True
        job_id = _as_id(value)
        match = next((j for j in every_job() if j.Id == job_id), None)
        if match is None:
            cmdlet.write_error(f"The command cannot find a job with the job ID {value}. Verify the value "
                               f"of the Id parameter and then try the command again.",
                               category=ErrorCategory.OBJECT_NOT_FOUND, target=value,
                               error_id="JobWithSpecifiedSessionIdNotFound")
        else:
            add(match)
    for name in names:
        given = True
        name = str(name)
        matches = [j for j in every_job() if wildcard_match(name, j.Name)]
        if not matches and not has_wildcard(name):
            cmdlet.write_error(f"The command cannot find the job because the job name {name} was not "
                               f"found. Verify the value of the Name parameter, and then try the "
                               f"command again.", category=ErrorCategory.OBJECT_NOT_FOUND,
                               target=name, error_id="JobWithSpecifiedNameNotFound")
        for job in matches:
            add(job)
    for guid in instance_ids:
        given = True
        text = str(guid).strip().strip("{}").lower()
        match = next((j for j in every_job() if j.InstanceId.lower() == text), None)
        if match is None:
            cmdlet.write_error(f"The command cannot find a job with the instance identifier {guid}. "
                               f"Verify the value of the InstanceId parameter, and then try the "
                               f"command again.", category=ErrorCategory.OBJECT_NOT_FOUND,
                               target=guid, error_id="JobWithSpecifiedInstanceIdNotFound")
        else:
            add(match)
    for pattern in commands:
        given = True
        for job in every_job():
            if wildcard_match(str(pattern).strip(), job.Command.strip()):
                add(job)
    if not given and (all_if_none or states is not None or filters is not None):
        top = table.jobs(include_children=include_children) if table is not None else []
        found.extend(top)
    if states is not None:
        wanted = {parse_state(cmdlet, s) for s in listify(states)}
        found = [j for j in found if j.State.value in wanted]
    if filters is not None:
        if not isinstance(filters, dict):
            cmdlet.throw("Cannot bind parameter 'Filter'. Cannot convert the value to type "
                         "\"System.Collections.Hashtable\".", category=ErrorCategory.INVALID_ARGUMENT,
                         error_id="CannotConvertArgument")
        found = [j for j in found if _matches_filter(j, filters)]
    return found


def _named_string(cmdlet: Cmdlet, value: str, param: str) -> None:
    """The binding error for a string given to -Job (or Get-Job's -Id) by name."""
    if param == "Id":
        from shell.language.conversions import convert_to  # noqa: PLC0415
        from shell.language.errors import PSRuntimeError  # noqa: PLC0415

        try:
            convert_to("int", value)
        except PSRuntimeError as err:
            cmdlet.write_error(f"Cannot bind parameter 'Id'. {err.record.message}",
                               category=ErrorCategory.INVALID_ARGUMENT, target=value,
                               error_id="CannotConvertArgumentNoMessage")
            return
    _cannot_bind(cmdlet, value, False)


def _cannot_bind(cmdlet: Cmdlet, value: Any, piped: bool) -> None:
    """The error for a -Job value that is neither a job, an Id nor a name."""
    if piped:
        cmdlet.write_error(_NOT_BOUND, category=ErrorCategory.INVALID_ARGUMENT, target=value,
                           error_id="InputObjectNotBound")
        return
    from shell.language.conversions import to_string, type_name_of  # noqa: PLC0415

    cmdlet.write_error(f"Cannot bind parameter 'Job'. Cannot convert the \"{to_string(value)}\" value of type "
                       f"\"{type_name_of(value)}\" to type \"System.Management.Automation.Job\".",
                       category=ErrorCategory.INVALID_ARGUMENT, target=value, error_id="CannotConvertArgument")


def selector_params(purpose: str) -> tuple[Param, ...]:
    """-Job (by position or from the pipeline), -Id, -Name and -InstanceId; ``purpose`` ends their help
    ("stop": "Ids of the jobs to stop.")."""
    return (
        Param("Job", "object[]", position=0, pipeline=True, help=f"The jobs to {purpose}."),
        Param("Id", "int[]", aliases=("SessionId",), help=f"Ids of the jobs to {purpose}."),
        Param("Name", "string[]", attr="names", help=f"Names of the jobs to {purpose}."),
        Param("InstanceId", "string[]", help=f"Instance identifiers of the jobs to {purpose}."),
    )


def filter_param(purpose: str) -> Param:
    """-Filter: a hashtable of job property values (every one must match)."""
    return Param("Filter", "hashtable", help=f"Property values of the jobs to {purpose} (all must match).")


class SelectsJobs(Cmdlet):
    """A cmdlet that acts in ``end`` on the jobs its selectors named, collected in ``self._jobs``.

    The selectors are ``selector_params`` plus -State (and -Command and -Filter where
    declared). A piped object that is not a job selects by its properties.
    """

    def begin(self) -> None:
        self._jobs: list[Job] = []
        job_table(self.runspace)

    def process(self) -> None:
        piped = self.expecting_input and "Job" not in self.bound
        if not piped and not self.bound & _SELECTORS:
            # PowerShell's default parameter set (SessionIdParameterSet) makes -Id mandatory.
            self.job = ask_mandatory(self, "Id")
        self._jobs.extend(select(self, jobs=self.job, ids=self.id, names=self.names,
                                 instance_ids=self.instance_id, states=self.state,
                                 commands=getattr(self, "command", None),
                                 filters=getattr(self, "filter", None), piped=piped,
                                 named=named_job(self)))


#: The parameters that say which jobs a job cmdlet acts on.
_SELECTORS = frozenset({"Job", "Id", "Name", "InstanceId", "State", "Command", "Filter"})


def ask_mandatory(cmdlet: Cmdlet, param: str) -> list[str]:
    """The values of a mandatory array parameter nothing was given for (PowerShell's default
    parameter set wants ``param``): asked for at an interactive console as PowerShell asks
    (``Id[0]:`` until an empty line), else the missing-parameter error."""
    host = cmdlet.runspace.host
    values: list[str] = []
    if getattr(host, "interactive", False):
        host.write(f"\ncmdlet {cmdlet.name} at command pipeline position 1\n"
                   f"Supply values for the following parameters:\n")
        try:
            while True:
                text = host.read_line(f"{param}[{len(values)}]: ")
                if not text:
                    break
                values.append(text)
        except Exception:  # noqa: BLE001 - Ctrl+C or end of input at the question: nothing given
            values = []
    if not values:
        cmdlet.throw(f"Cannot process command because of one or more missing mandatory parameters: {param}.",
                     category=ErrorCategory.INVALID_ARGUMENT, error_id="MissingMandatoryParameter")
    return values


def named_job(cmdlet: Cmdlet, param: str = "Job") -> str | None:
    """``param`` when the command line named it with a string among its values (then a name
    there is an error); None when the values came by position or hold no string."""
    value = getattr(cmdlet, param.lower(), None)
    if param not in cmdlet.bound or not any(isinstance(v, str) for v in listify(value)):
        return None
    from shell.cmdlets.jobs.named import named_on_command_line  # noqa: PLC0415

    return param if named_on_command_line(cmdlet, param) else None


def unique(jobs: Iterable[Job]) -> list[Job]:
    """``jobs`` without repeats, first occurrence kept."""
    out: list[Job] = []
    for job in jobs:
        if not any(job is o for o in out):
            out.append(job)
    return out
