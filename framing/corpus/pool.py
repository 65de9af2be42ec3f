"""Work in worker processes: how they start, and results back in the order of the tasks."""

from __future__ import annotations

import multiprocessing as mp
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any


def process_context() -> mp.context.BaseContext:
    """The start method of worker processes.

    Returns
    -------
    multiprocessing.context.BaseContext
        ``fork`` where it is safe and cheap (Linux, single-threaded), ``spawn`` otherwise.
    """
    methods = mp.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return mp.get_context("fork")
    return mp.get_context("spawn")


def in_order(tasks: Iterable[Any], submit: Callable[[Any], Any], result: Callable[[Any], Any], window: int) -> Iterator[Any]:
    """Submit tasks with at most ``window`` in flight, and yield their results in task order.

    Parameters
    ----------
    tasks:
        The tasks, read lazily (only ``window`` of them are held at a time).
    submit:
        Starts a task, returning a handle (a future).
    result:
        Waits for a handle and returns its result.
    window:
        Tasks in flight at most.

    Returns
    -------
    iterator
        The results, in the order of ``tasks``.
    """
    pending: deque = deque()
    for task in tasks:
        pending.append(submit(task))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())
