"""Work spread over worker processes, its results in the order of the work: N jobs give what one job gives.

The functions given to a pool are module-level and their arguments and results are picklable, so that the pool
works with any start method. It forks where the platform can and this process runs no other thread (a forked
worker starts with irlint's modules and rules already loaded); elsewhere it spawns, and each worker imports and
loads them once, before its first item.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

#: Items (reports, bugs) from which the default is every CPU rather than one. Measured on the development machine
#: (2 cores, a generated report about 25 ms of CPU): the pool costs about 0.1 s of CPU to start and a tenth more
#: per item to send the work and the results across. With free cores two jobs save about a quarter of a second on
#: 24 reports; on a machine whose cores are all busy the pool only adds its cost, so a few files stay on one.
AUTO_THRESHOLD = 24


def available_cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def jobs_for(requested: int | None, items: int) -> int:
    """The jobs of a run: ``--jobs N`` when given, else every CPU for more than AUTO_THRESHOLD items, else one."""
    if requested is not None:
        return requested
    return available_cpus() if items > AUTO_THRESHOLD else 1


class Workers:
    """A pool of ``jobs`` worker processes (None: as jobs_for decides for each batch of work), started when it is
    first given more than one item, never for one job; ``start_method`` ("fork", "spawn") is for the tests."""

    def __init__(self, jobs: int | None, start_method: str | None = None) -> None:
        self.jobs = jobs
        self.start_method = start_method
        self._executor = None

    def map(self, function: Callable[[Item], Result], items: Sequence[Item]) -> Iterator[Result]:
        """``function`` of each item, in the items' order."""
        jobs = jobs_for(self.jobs, len(items))
        if jobs <= 1 or len(items) <= 1:
            return map(function, items)
        if self._executor is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            context = multiprocessing.get_context(self.start_method or _start_method())
            self._executor = ProcessPoolExecutor(jobs, mp_context=context, initializer=_ignore_interrupts)
        # Several items to a message and a few messages to each worker: fewer round trips, and the work still
        # evens out at the end.
        chunk = max(1, min(16, len(items) // (jobs * 4)))
        return _reporting_lost_workers(self._executor.map(function, items, chunksize=chunk))

    def close(self, *, interrupted: bool = False) -> None:
        if self._executor is not None:
            # Interrupted (Ctrl-C, an error): the queued work is dropped and nothing waits for it.
            self._executor.shutdown(wait=not interrupted, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind, error, trace) -> None:
        self.close(interrupted=kind is not None)


class WorkerLost(Exception):
    """A worker process ended before its work was done (killed, out of memory)."""


def _reporting_lost_workers(results: Iterator[Result]) -> Iterator[Result]:
    from concurrent.futures.process import BrokenProcessPool

    try:
        yield from results
    except BrokenProcessPool:
        raise WorkerLost("a worker process stopped before its work was done (out of memory?)") from None


def _start_method() -> str:
    """Fork, the quickest start, where there is one and no other thread could hold a lock the child would copy
    held; else spawn."""
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _ignore_interrupts() -> None:
    """Ctrl-C reaches every process of the terminal's group: the main process stops the run; a worker says
    nothing (no traceback of its own)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
