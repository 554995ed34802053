"""Process pools that survive their workers: ordered results, recovery from a dead worker, no orphans.

:func:`ordered_map` runs a function over a stream of items in a pool and yields
the results in the items' order. When a worker dies (a native crash no guard
foresaw, or the kernel's OOM killer), the pool breaks; the items it had not
finished go to a new pool for the rest of the run, each at most once more, and
the item the dead worker was in the middle of runs alone in a process of its
own, so the one that crashes is named and the rest keep their speed.

Every worker dies with the process that started it: on Linux the kernel sends
it SIGKILL (``PR_SET_PDEATHSIG``), elsewhere a watchdog thread ends it once its
parent is gone.
"""

from __future__ import annotations

import collections
import itertools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:  # the imports are deferred: a run with no candidate never needs a pool
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing.context import BaseContext

A = TypeVar("A")
R = TypeVar("R")

PR_SET_PDEATHSIG = 1
WATCHDOG_SECONDS = 1.0
WINDOW_PER_JOB = 4  # chunks in flight per worker: enough to keep them busy, few to hold in memory

# In a worker: one slot per chunk in flight, holding 1 + the index of the item being worked on (0: none).
_STATE: Any = None


def _die_with_parent(parent: int) -> None:
    """Make this process end when ``parent`` does (run first in every worker)."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                # The signal comes when the process that forked this one ends: ``parent``, or a
                # fork server that ends with it. Unless ``parent`` died before the call.
                if os.getppid() != parent and not _alive(parent):
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCHDOG_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0 only checks (on Linux; Windows has no such probe)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _init(parent: int, state: Any) -> None:
    global _STATE
    _die_with_parent(parent)
    _STATE = state


def pool(jobs: int, context: BaseContext | None = None, state: Any = None) -> ProcessPoolExecutor:
    """A pool of ``jobs`` workers that die with this process."""
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_init, initargs=(os.getpid(), state)
    )


def _run_chunk(fn: Callable[[A], R], slot: int, items: list[tuple[int, A]]) -> list[R]:
    """In a worker: ``fn`` over a chunk, noting in the shared state which item it is working on."""
    out = []
    for index, item in items:
        _STATE[slot] = index + 1
        out.append(fn(item))
    _STATE[slot] = 0
    return out


@dataclass
class _Entry(Generic[A, R]):
    """Consecutive items and how their results come: a chunk's future, or alone (``future`` is None)."""

    items: list[tuple[int, A, int]]  # (index, item, times a pool has failed it)
    future: Future[list[R]] | None = None
    slot: int = -1


@dataclass
class _Pool:
    jobs: int
    context: BaseContext | None
    slots: int
    executor: ProcessPoolExecutor | None = None
    state: Any = None
    free: list[int] = field(default_factory=list)

    def submit(self, fn: Callable[[A], R], entry: _Entry[A, R]) -> None:
        if self.executor is None:
            import multiprocessing

            self.state = (self.context or multiprocessing.get_context()).Array("q", self.slots, lock=False)
            self.free = list(range(self.slots))
            self.executor = pool(self.jobs, self.context, self.state)
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool

        entry.slot = self.free.pop()
        items = [(index, item) for index, item, _ in entry.items]
        try:
            entry.future = self.executor.submit(_run_chunk, fn, entry.slot, items)
        except BrokenProcessPool as exc:  # broken since the last result: recovered from when it is due
            entry.future = Future()
            entry.future.set_exception(exc)

    def release(self, entry: _Entry[A, R]) -> None:
        if entry.slot >= 0:
            self.free.append(entry.slot)

    def working_on(self, entry: _Entry[A, R]) -> int:
        """The index of the item the (dead) pool was working on in ``entry``, or -1."""
        return int(self.state[entry.slot]) - 1 if self.state is not None and entry.slot >= 0 else -1

    def replace(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = None
        self.state = None

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)


def ordered_map(
    fn: Callable[[A], R],
    items: Iterable[A],
    jobs: int,
    crashed: Callable[[A], R],
    *,
    chunk: int = 1,
    context: BaseContext | None = None,
) -> Iterator[R]:
    """``fn`` over ``items`` in a pool of ``jobs`` workers, in order; never more than a few chunks ahead.

    ``fn`` must be a module-level function (it is pickled, with the items). An item
    whose worker died is run again alone; ``crashed(item)`` is its result if that dies too.
    """
    from concurrent.futures.process import BrokenProcessPool

    window = max(1, jobs) * WINDOW_PER_JOB
    procs = _Pool(jobs, context, slots=window * chunk)  # a slot per chunk in flight, at most one per item
    source = iter(enumerate(items))
    pending: collections.deque[_Entry[A, R]] = collections.deque()
    try:
        while True:
            while len(pending) < window:
                fresh = [(index, item, 0) for index, item in itertools.islice(source, chunk)]
                if not fresh:
                    break
                entry: _Entry[A, R] = _Entry(fresh)
                procs.submit(fn, entry)
                pending.append(entry)
            if not pending:
                return
            entry = pending[0]
            if entry.future is None:
                pending.popleft()
                yield _alone(fn, entry.items[0][1], crashed, context)
                continue
            try:
                results = entry.future.result()
            except BrokenProcessPool:
                pending = _recover(fn, procs, pending, chunk)
                continue
            pending.popleft()
            procs.release(entry)
            yield from results
    finally:
        procs.close()


def _recover(
    fn: Callable[[A], R], procs: _Pool, pending: collections.deque[_Entry[A, R]], chunk: int
) -> collections.deque[_Entry[A, R]]:
    """After a worker died: the same entries in the same order, those the pool did not finish resubmitted
    to a new pool, except the items being worked on and those failed before, which run alone."""
    plan: list[_Entry[A, R] | list[tuple[int, A, int]]] = []
    for entry in pending:
        future = entry.future
        if future is None or (future.done() and future.exception() is None):
            entry.slot = -1  # its slot was in the old pool's state
            plan.append(entry)
            continue
        busy = procs.working_on(entry)
        again: list[tuple[int, A, int]] = []
        for index, item, failed in entry.items:
            if index == busy or failed:
                if again:
                    plan.append(again)
                    again = []
                plan.append(_Entry([(index, item, failed + 1)]))
            else:
                again.append((index, item, failed + 1))
        if again:
            plan.append(again)
    procs.replace()
    out: collections.deque[_Entry[A, R]] = collections.deque()
    for step in plan:
        if isinstance(step, _Entry):
            out.append(step)
            continue
        for start in range(0, len(step), chunk):
            part: _Entry[A, R] = _Entry(step[start : start + chunk])
            procs.submit(fn, part)
            out.append(part)
    return out


def _alone(fn: Callable[[A], R], item: A, crashed: Callable[[A], R], context: BaseContext | None) -> R:
    """``fn(item)`` in a process of its own; ``crashed(item)`` if that process dies."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        with pool(1, context) as single:
            return single.submit(fn, item).result()
    except BrokenProcessPool:
        return crashed(item)
