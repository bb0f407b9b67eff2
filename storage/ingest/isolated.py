"""Letters read in a worker process, so that native code cannot take the program down.

MuPDF reads every letter, and a hostile or damaged file can crash it (SIGSEGV) or make it loop.
Here that kills a worker process, not the window or the command: the letter is refused with a
message naming it, the worker is replaced, and the rest of a batch goes on.

`parse_letter` has the signature of `storage.ingest.parse_letter` and passes every keyword
through to it, in a persistent pool of spawned workers (`WORKERS`, started on first use and kept,
so a batch pays the start once). `parse_letters` keeps the pool busy over a batch, in order.
In the workers MuPDF's messages go to stderr, never stdout (where `parse --json` writes JSON);
on POSIX a letter that takes more than `TIMEOUT_S` seconds is stopped and its worker's memory is
bounded by `MEMORY_BYTES`.
"""
from __future__ import annotations

import atexit
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, TypeVar

from storage.errors import UnreadableFile, UserError
from storage.ingest.model import ParsedLetter

WORKERS = max(1, min(2, os.cpu_count() or 1))
TIMEOUT_S = 120
MEMORY_BYTES = 4 << 30
T = TypeVar("T")


class ReaderCrashed(UnreadableFile):
    """The worker reading a letter died (a native crash, a timeout or the memory bound)."""


@dataclass(frozen=True)
class Job:
    """One letter to read: its bytes, its name (for messages), `parse_letter`'s keyword options;
    `tag` is the caller's own; a job `refused` already (its file unreadable, say) is not read
    but passed through in its place."""
    data: bytes
    name: str
    password: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    tag: Any = None
    refused: UserError | None = None


def parse_letter(data: bytes, name: str, password: str | None = None,
                 **kwargs: Any) -> ParsedLetter:
    """`storage.ingest.parse_letter` in a worker process. Raises `UnreadableFile` (or a
    subclass) naming `name`, `ReaderCrashed` when the reader died on it."""
    ((_, outcome),) = parse_letters([Job(data, name, password, kwargs)])
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


def parse_letters(jobs: Iterable[Job]) -> Iterator[tuple[Job, ParsedLetter | UserError]]:
    """Each job with its letter or the `UserError` refusing it, in order, reading ahead while
    the caller works on the last one. Bugs in the parser are raised."""
    pending: deque[tuple[Job, Future[ParsedLetter]]] = deque()
    source = iter(jobs)
    exhausted = False
    while True:
        while not exhausted and len(pending) <= WORKERS:
            job = next(source, None)
            if job is None:
                exhausted = True
            elif job.refused is not None:
                pending.append((job, _done(job.refused)))
            else:
                pending.append((job, _submit(_read, job)))
        if not pending:
            return
        job, future = pending.popleft()
        outcome = _outcome(job.name, future, _read, job)
        yield job, outcome


def reference_display(data: bytes, name: str) -> tuple[bytes, str, int]:
    """`storage.ingest.reference.display` (a filing's PDF to show, its format and its page
    count) in a worker process; raises `UnreadableFile` naming `name`."""
    from storage.ingest.reference import display

    outcome = _outcome(name, _submit(display, data, name), display, data, name)
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


def _submit(function: Callable[..., T], *args: Any) -> Future[T]:
    try:
        return _pool().submit(function, *args)
    except (BrokenProcessPool, OSError, RuntimeError):
        # a worker died since the last letter (the pool may be closing its pipes, or shut
        # down, while it learns of it): start afresh
        _reset()
        return _pool().submit(function, *args)


def _done(error: UserError) -> Future[ParsedLetter]:
    future: Future[ParsedLetter] = Future()
    future.set_exception(error)
    return future


def _outcome(name: str, future: Future[T], function: Callable[..., T],
             *args: Any) -> T | UserError:
    try:
        return future.result()
    except UserError as error:
        return error
    except BrokenProcessPool:
        pass
    # A worker died: this job's, or another one's while this one waited. Run it again alone.
    _reset()
    try:
        return _submit(function, *args).result()
    except UserError as error:
        return error
    except BrokenProcessPool:
        cause = _reset()
        return ReaderCrashed(_crash_message(name, cause))


def _crash_message(name: str, exitcode: int | None) -> str:
    if exitcode == -getattr(signal, "SIGALRM", 14) and hasattr(signal, "SIGALRM"):
        return (f"{name} took longer than {TIMEOUT_S} seconds to read, so it was stopped; "
                "nothing was imported from it. Check that it is a comment letter or a response, "
                "and import its PDF (or HTML) version instead.")
    how = ""
    if exitcode is not None and exitcode < 0:
        try:
            how = f" ({signal.Signals(-exitcode).name})"
        except ValueError:
            how = f" (signal {-exitcode})"
    return (f"{name} could not be read: the letter reader (MuPDF, run apart from the window) "
            f"crashed on it{how}; nothing was imported from it. The file is damaged or made to "
            "attack the reader: download it again from EDGAR, or import its other version "
            "(PDF or HTML).")


# -- the pool -------------------------------------------------------------------------------------

class _Pool:
    """The spawned workers, and every process behind them so far (to learn how one died)."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt
        self.executor = ProcessPoolExecutor(WORKERS, mp_context=context,
                                            initializer=_start_worker)
        self.processes: dict[int, Any] = {}

    def submit(self, function: Callable[..., T], *args: Any) -> Future[T]:
        future = self.executor.submit(_guarded, function, *args)
        self.processes.update(getattr(self.executor, "_processes", None) or {})
        return future

    def exitcode(self) -> int | None:
        """How the worker that died ended (-signal); the pool ends the others with SIGTERM."""
        codes = [_ended(process) for process in self.processes.values()]
        term = -signal.SIGTERM
        return next((code for code in codes if code not in (None, 0, term)),
                    term if term in codes else None)

    def shutdown(self) -> None:
        """End the workers now (they only read letters): a worker blocked sending a result that
        nobody will read would otherwise hold the pool's own shutdown, and the program's exit."""
        for process in self.processes.values():
            if process.is_alive():
                process.kill()
        manager = getattr(self.executor, "_executor_manager_thread", None)
        self.executor.shutdown(wait=False, cancel_futures=True)
        # CPython 3.11's own exit hook would wake this pool's manager through a pipe the
        # manager may have closed by then, printing a traceback at exit: it has nothing to wake.
        from concurrent.futures import process as futures_process

        wakeups = getattr(futures_process, "_threads_wakeups", None)
        if manager is not None and wakeups is not None:
            wakeups.pop(manager, None)


def _ended(process: Any) -> int | None:
    """How a worker ended (None: it has not). The pool's manager thread reaps its workers too;
    read at the same moment, the code is briefly unknown (our waitpid meets ECHILD before the
    manager stores what it reaped), which called a timed-out letter a crash: so read again."""
    process.join(5)  # a dead worker is reaped at once; a busy machine may take a while
    for _ in range(50):
        code = process.exitcode
        if code is not None:
            return code  # type: ignore[no-any-return]
        time.sleep(0.02)
    return None


_lock = threading.Lock()
_current: _Pool | None = None


def _pool() -> _Pool:
    global _current
    with _lock:
        if _current is None:
            _current = _Pool()
        return _current


def _reset() -> int | None:
    """Drop a broken pool (the next call starts a new one); how its dead worker ended."""
    global _current
    with _lock:
        pool, _current = _current, None
    if pool is None:
        return None
    code = pool.exitcode()
    pool.shutdown()
    return code


def shutdown() -> None:
    """Stop the workers (at exit; the next parse starts them again)."""
    global _current
    with _lock:
        pool, _current = _current, None
    if pool is not None:
        pool.shutdown()


# Before concurrent.futures joins its pools at exit (threading's exit hooks run last first).
getattr(threading, "_register_atexit", atexit.register)(shutdown)


# -- in the worker --------------------------------------------------------------------------------

def _start_worker() -> None:
    """Stdout becomes stderr (MuPDF and anything native write there), Ctrl+C is the parent's,
    memory is bounded, and the parser is loaded before the first letter."""
    sys.stdout.flush()
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = MEMORY_BYTES if hard == resource.RLIM_INFINITY else min(MEMORY_BYTES, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):
        pass  # Windows: no rlimits
    from storage.ingest.mupdf import quiet

    quiet()
    import storage.ingest.segment  # noqa: F401


def _guarded(function: Callable[..., T], *args: Any) -> T:
    alarm = getattr(signal, "alarm", None)
    if alarm is not None:
        alarm(TIMEOUT_S)  # SIGALRM's default action ends the worker: a loop cannot hang us
    try:
        return function(*args)
    finally:
        if alarm is not None:
            alarm(0)


def _read(job: Job) -> ParsedLetter:
    from storage.ingest import parse_letter as parse

    return parse(job.data, job.name, password=job.password, **job.options)
