"""Whether a process still runs: what decides if files a writer left behind are litter."""

from __future__ import annotations

import os


def is_running(pid: int) -> bool:
    """True when a process with this id exists (this one included).

    Files named after a writing process (a partial bundle, a temporary model table) are
    removed only when this is False: the writer was killed and will not finish them. A
    process of another user counts as running; so, safely, does an unrelated process that
    got the id again.

    Parameters
    ----------
    pid : int
        The process id.

    Returns
    -------
    bool
        False only when no process has this id.
    """
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but belongs to someone else
        return True
    return True
