"""Step 1 of a follow-up, computed once per revision and kept, so a dashboard view only reads.

``FollowUp.revision`` is bumped by every change to the records or the codebook, so a result
computed at revision *r* stays right until the next change. It is kept twice:

* on disk, as ``DATA_DIR/cache/<follow-up id>-<revision>.pickle`` (written to a temporary file
  and renamed, so a reader never sees half a file; older revisions are deleted), which survives
  restarts and is shared by the processes of one installation. A dashboard view that computed
  the result writes it after its response has gone out;
* in memory, for the last few results: unpickling the result of 100,000 records takes about a
  quarter of a second, which a repeated view should not pay.

A lock per follow-up makes concurrent first views in one process wait for one computation
instead of each starting their own. The result holds aggregated, disclosure-controlled numbers
only; the cache directory lives in the data directory (mode 0700) with the database, the only
place pickles are read from.
"""

import contextlib
import gc
import logging
import os
import pickle
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings

from isu.analysis import Settings, Step1, analyse_records
from isu.web.followups import storage
from isu.web.followups.models import FollowUp

logger = logging.getLogger(__name__)

# Part of every pickle: a result written by an older layout of the classes is recomputed,
# not half-read. Bump it when Step1 or what it holds changes shape.
FORMAT = 2  # 2: Step1 holds the criteria analyses
MEMORY_SLOTS = 4

_memory: OrderedDict[Path, Step1] = OrderedDict()
_memory_lock = threading.Lock()
_locks: dict[int, threading.Lock] = {}
_locks_guard = threading.Lock()
_pending = threading.local()  # results to write when this thread's request has finished
_gc_pause = SimpleNamespace(threads=0, resume=False)  # see _no_cyclic_gc()
_gc_guard = threading.Lock()


def cache_dir() -> Path:
    return Path(settings.DATA_DIR) / "cache"


def cache_path(followup: FollowUp) -> Path:
    return cache_dir() / f"{followup.pk}-{followup.revision}.pickle"


def result_for(followup: FollowUp) -> Step1:
    """The step-1 result of *followup* at its current revision, computed only if not kept.

    The revision is the one read with *followup*; the records are read after it, so a result
    filed under a revision is never older than that revision.

    Computed during a request (a dashboard view), the result is written to disk only when the
    request has finished, after the page has gone out: pickling the result of 100,000 records
    takes a tenth of a second or more that the user would otherwise wait for. Until then the
    other threads of this process find it in memory.
    """
    path = cache_path(followup)
    result = _remembered(path)
    if result is not None:
        return result
    with _lock_for(followup.pk):
        result = _remembered(path) or _read(path)  # computed while we waited
        if result is None:
            result = _compute(followup)
            _remember(path, result)  # before the lock opens: the file may come later
            if getattr(_pending, "in_request", False):
                _pending_writes().append((path, result, followup))
            else:
                _keep(path, result, followup)
    _remember(path, result)
    return result


def request_started(**_kwargs: object) -> None:
    """Connected to Django's ``request_started``: results computed from now on wait for
    :func:`request_finished`."""
    _pending.in_request = True


def request_finished(**_kwargs: object) -> None:
    """Connected to Django's ``request_finished`` (sent once the response has been sent):
    write what this thread computed during the request."""
    _pending.in_request = False
    pending = _pending_writes()
    while pending:
        _keep(*pending.pop())


def _pending_writes() -> list[tuple[Path, Step1, FollowUp]]:
    if not hasattr(_pending, "writes"):
        _pending.writes = []
    writes: list[tuple[Path, Step1, FollowUp]] = _pending.writes
    return writes


def _keep(path: Path, result: Step1, followup: FollowUp) -> None:
    with _no_cyclic_gc():
        _write(path, result)
    _delete_older(followup)


def clear_memory() -> None:
    """Forget the results held in memory (the files stay)."""
    with _memory_lock:
        _memory.clear()


def _compute(followup: FollowUp) -> Step1:
    started = time.perf_counter()
    codebook = followup.codebook()
    with _no_cyclic_gc():
        result = analyse_records(storage.records_frame(followup, codebook), codebook, Settings())
    logger.info(
        "Steg 1 beräknat för uppföljning %s (revision %s) på %.1f s",
        followup.pk,
        followup.revision,
        time.perf_counter() - started,
    )
    return result


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Python's cycle collector paused while the result is built or pickled.

    Both create hundreds of thousands of small objects, none of them garbage, and the collector
    would walk them again and again: about a tenth of the time of a first view. Collection is
    per process, so the first thread in pauses it and the last one out resumes it (unless it
    was off before)."""
    with _gc_guard:
        if _gc_pause.threads == 0:
            _gc_pause.resume = gc.isenabled()
            gc.disable()
        _gc_pause.threads += 1
    try:
        yield
    finally:
        with _gc_guard:
            _gc_pause.threads -= 1
            if _gc_pause.threads == 0 and _gc_pause.resume:
                gc.enable()


def _lock_for(followup_id: int) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(followup_id, threading.Lock())


def _remembered(path: Path) -> Step1 | None:
    with _memory_lock:
        result = _memory.get(path)
        if result is not None:
            _memory.move_to_end(path)
        return result


def _remember(path: Path, result: Step1) -> None:
    with _memory_lock:
        _memory[path] = result
        _memory.move_to_end(path)
        while len(_memory) > MEMORY_SLOTS:
            _memory.popitem(last=False)


def _read(path: Path) -> Step1 | None:
    try:
        with path.open("rb") as file:
            kept_format, result = pickle.load(file)
    except FileNotFoundError:
        return None
    except Exception:  # a damaged or foreign file is recomputed, never trusted
        logger.warning("Ogiltig cachefil %s beräknas om", path.name, exc_info=True)
        return None
    if kept_format != FORMAT or not isinstance(result, Step1):
        return None
    return result


def _write(path: Path, result: Step1) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as file:
            pickle.dump((FORMAT, result), file, protocol=pickle.HIGHEST_PROTOCOL)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _delete_older(followup: FollowUp) -> None:
    """Remove the files of earlier revisions (a later one, written meanwhile, is kept)."""
    for old in cache_dir().glob(f"{followup.pk}-*.pickle"):
        revision = old.stem.removeprefix(f"{followup.pk}-")
        if revision.isdigit() and int(revision) < followup.revision:
            old.unlink(missing_ok=True)
