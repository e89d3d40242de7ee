"""How many processes a run's parallel work may use, and when there is enough of it to pay.

Two stages spread their work on the machine's cores with forked processes: validation
checks the content files (`check/pool.py`), and MkDocs' build converts the pages, then
renders their templates (`mkdocs/parallel.py`). Both read the number of processes here, from one variable, and
their threshold (the least work that pays for the forks) the same way.
"""

from __future__ import annotations

import os

JOBS_VARIABLE = "PASSERELLES_JOBS"
"""The number of processes of the parallel work; 1 does it all in the command's process."""


def jobs() -> int:
    """How many processes share the work: `PASSERELLES_JOBS`, or every core this process
    may run on."""
    wanted = os.environ.get(JOBS_VARIABLE, "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def threshold(variable: str, default: int) -> int:
    """The least work (pages, files) for which a stage starts its processes: the number in
    the environment variable `variable` (tests lower it), else `default` (measured)."""
    wanted = os.environ.get(variable, "").strip()
    return int(wanted) if wanted.isdigit() else default
