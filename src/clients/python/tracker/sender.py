"""The background sender: batches records, delivers them in order, retries, spools, and never blocks the caller.

Records (``{"kind": "register" | "step" | "evaluation" | "finish", "body": {...}}``) wait in a bounded in-memory
queue. A daemon thread wakes every ``flush_interval`` (or at once when ``batch_size`` records wait, or on
``flush()``), sends what is waiting, and on a transient failure (no answer, 408, 429, 502–504) writes the batch
to the spool and waits with exponential backoff or the server's ``Retry-After``. While anything is spooled, newer
records go to the spool behind it, so the server always receives them in the order they were logged.

What the server refuses is never retried as is: a batch refused for its content (400, 413, 422, 409) is halved
until the refused record is found, and that record alone goes to ``rejected.jsonl`` with the server's message; a
refusal that no content change can fix (401, 403, 404, ...) stops sending from this process and keeps everything
in the spool for a later ``init`` or ``python -m tracker sync``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from dataclasses import asdict, dataclass
from typing import Any, Deque, Dict, List, Optional, Tuple

from .records import merge_steps
from .settings import Options
from .spool import Spool
from .transport import Reply, Transport

log = logging.getLogger("tracker")

Record = Dict[str, Any]

# Kinds sent many per request, with the key of their list in the request body.
_BATCHED = {"step": "steps", "evaluation": "evaluations"}
# How far back put() looks for an unsent record of the same step to merge into.
_MERGE_LOOKBACK = 16


@dataclass
class Stats:
    """Counters of one run's sender, for tests, dashboards of the job itself and post-mortems."""

    logged: int = 0  #: records handed to the sender (after merging several log() calls of one step)
    requests: int = 0  #: HTTP requests made
    accepted: int = 0  #: items the server stored as new
    duplicates: int = 0  #: items the server already had (retries, replays)
    retries: int = 0  #: transient failures that led to a wait and another try
    spooled: int = 0  #: records written to the spool
    rejected: int = 0  #: records refused by the server for their content (kept in rejected.jsonl)
    invalid: int = 0  #: log calls refused locally (a step that is not an integer >= 0, pass@1 outside [0, 1], ...)
    dropped: int = 0  #: records lost because the spool could not take them (full or unwritable disk)
    last_retry_delay: Optional[float] = None  #: the last wait chosen before another try, in seconds
    last_error: Optional[str] = None  #: the last failure or refusal, as logged


class Sender:
    """One run's queue, spool and delivery thread. ``put`` never blocks on the network."""

    def __init__(self, run_id: str, transport: Optional[Transport], spool: Spool, options: Options,
                 registration: Optional[Dict[str, Any]] = None):
        self.run_id = run_id
        self.stats = Stats()
        self._transport = transport  # None: offline mode, everything goes to the spool
        self._spool = spool
        self._options = options
        self._registration = registration
        self._cond = threading.Condition()
        self._queue: Deque[Record] = deque()
        self._tail_at = 0.0  # when the newest record was added or merged into (monotonic)
        self._oldest_at: Optional[float] = None  # when the queue last went from empty to non-empty
        self._inflight: Optional[Tuple[int, List[Record]]] = None  # a batch taken from memory, with its spool seq
        self._spool_pending = bool(spool.segments())
        self._force = 0  # flush() callers waiting: send the open step, spill at once when the server is away
        self._exit = False
        self._failures = 0
        self._next_attempt = 0.0
        self._halted: Optional[str] = None
        self._reregistered = False
        self._last_tick = time.monotonic()
        self._thread = threading.Thread(target=self._loop, name=f"tracker-sender-{run_id[:8]}", daemon=True)
        self._thread.start()

    # ---- caller side ----------------------------------------------------------------------------------------

    def put(self, record: Record) -> None:
        """Queues a record; merges a step into an unsent record of the same step. Writes to the spool (local disk,
        never the network) only when the queue is full."""
        now = time.monotonic()
        with self._cond:
            if self._exit:
                return
            if record["kind"] == "step" and self._merge_locked(record["body"]):
                self._tail_at = now
                return
            self._queue.append(record)
            self.stats.logged += 1
            self._tail_at = now
            if self._oldest_at is None:
                self._oldest_at = now
            if len(self._queue) >= self._options.max_queue:
                self._spill_locked()
            elif len(self._queue) >= self._options.batch_size:
                self._cond.notify_all()

    def flush(self, timeout: float) -> bool:
        """Waits until everything logged so far is stored by the server; False when ``timeout`` passes first, the
        server asked to wait beyond it, or sending is impossible (offline mode, refused credentials)."""
        deadline = time.monotonic() + max(0.0, timeout)
        with self._cond:
            self._force += 1
            self._cond.notify_all()
            try:
                while not self._idle_locked():
                    now = time.monotonic()
                    if (now >= deadline or self._exit or self._halted or self._transport is None
                            or self._next_attempt > deadline or not self._thread.is_alive()):
                        break
                    self._cond.wait(deadline - now)
                return self._idle_locked()
            finally:
                self._force -= 1

    def close(self, timeout: float) -> bool:
        """Flushes, then stops the thread. Whatever the server has not confirmed by then (including a batch still
        in flight) is written to the spool, so it is delivered by a later ``init`` of the same run."""
        delivered = self.flush(timeout)
        with self._cond:
            if not delivered:
                if self._inflight is not None:
                    seq, batch = self._inflight
                    if self._spool.write(seq, batch):
                        self._spool_pending = True
                if self._queue:
                    self._spill_locked()
            self._exit = True
            self._cond.notify_all()
        self._thread.join(timeout=1.0 if delivered else 0.1)
        return delivered

    def pending(self) -> int:
        """Records still in memory (queued or in flight)."""
        with self._cond:
            return len(self._queue) + (len(self._inflight[1]) if self._inflight else 0)

    def snapshot(self) -> Dict[str, Any]:
        with self._cond:
            return asdict(self.stats)

    @property
    def halted(self) -> Optional[str]:
        return self._halted

    # ---- queue (under the lock) -----------------------------------------------------------------------------

    def _merge_locked(self, body: Dict[str, Any]) -> bool:
        """Folds ``body`` into the newest unsent step record if it is the same step: a job may log one step in
        several calls (reward, then loss; train, then eval metrics), and the server keeps one record per step."""
        for i, queued in enumerate(reversed(self._queue)):
            if i >= _MERGE_LOOKBACK:
                break
            if queued["kind"] == "step":
                if queued["body"]["step"] != body["step"]:
                    return False
                merge_steps(queued["body"], body)
                return True
        return False

    def _available_locked(self, force: bool) -> int:
        """Records that may leave now: all but the newest step while it is younger than ``flush_interval`` (it may
        still grow by another ``log()`` of the same step), unless a flush asks for everything."""
        n = len(self._queue)
        if (n and not force and self._queue[-1]["kind"] == "step"
                and time.monotonic() - self._tail_at < self._options.flush_interval):
            n -= 1
        return n

    def _take_locked(self, force: bool, everything: bool) -> List[Record]:
        """The next batch: a full one whenever ``batch_size`` records are available, and at a tick (every
        ``flush_interval``) or on a flush whatever is available."""
        available = self._available_locked(force)
        if not everything and available < self._options.batch_size:
            return []
        batch = [self._queue.popleft() for _ in range(min(self._options.batch_size, available))]
        if not self._queue:
            self._oldest_at = None
        return batch

    def _spill_locked(self) -> None:
        """Moves the whole queue to a new spool segment (or drops it, counted, if the disk cannot take it)."""
        records = list(self._queue)
        self._queue.clear()
        self._oldest_at = None
        if not records:
            return
        if self._spool.write(self._spool.reserve(), records):
            self.stats.spooled += len(records)
            self._spool_pending = True
        else:
            self.stats.dropped += len(records)

    def _idle_locked(self) -> bool:
        return not self._queue and self._inflight is None and not self._spool_pending

    def _can_send(self, now: float) -> bool:
        return self._transport is not None and self._halted is None and now >= self._next_attempt

    def _urgent_locked(self, now: float) -> bool:
        """Whether there is something to do right now (else the thread sleeps until the next tick)."""
        if self._exit:
            return True
        if self._can_send(now):
            return self._spool_pending or (bool(self._queue) and (
                self._force > 0 or self._available_locked(False) >= self._options.batch_size))
        return bool(self._queue) and (self._force > 0 or len(self._queue) >= self._options.batch_size or self._spill_due(now))

    def _spill_due(self, now: float) -> bool:
        return self._oldest_at is not None and now - self._oldest_at >= self._options.spill_interval

    # ---- thread ---------------------------------------------------------------------------------------------

    def _loop(self) -> None:
        while True:
            with self._cond:
                now = time.monotonic()
                if not self._urgent_locked(now):
                    wait = self._last_tick + self._options.flush_interval - now
                    if self._transport is not None and self._halted is None and now < self._next_attempt:
                        wait = min(wait, self._next_attempt - now)
                    self._cond.wait(max(wait, 0.0))
                if self._exit:
                    self._cond.notify_all()
                    return
                now = time.monotonic()
                tick = now - self._last_tick >= self._options.flush_interval
                if tick:
                    self._last_tick = now
            try:
                self._work(tick)
            except Exception as e:  # the thread must survive anything: a dead sender silently loses data
                log.exception("tracker: unexpected error in the sender of run %s; it keeps running", self.run_id)
                self._backoff(Reply(None, error=f"internal error: {e!r}"))
            with self._cond:
                self._cond.notify_all()  # flush() waiters re-check

    def _work(self, tick: bool) -> None:
        if not self._can_send(time.monotonic()):
            with self._cond:
                if self._queue and (self._force or len(self._queue) >= self._options.batch_size
                                    or self._spill_due(time.monotonic())):
                    self._spill_locked()
            return
        if self._spool_pending and not self._deliver_spool():
            return
        while True:
            with self._cond:
                if self._exit or self._spool_pending or not self._can_send(time.monotonic()):
                    return  # spooled records (spilled meanwhile) go first; the next round sends them
                batch = self._take_locked(force=self._force > 0, everything=tick or self._force > 0)
                if not batch:
                    return
                seq = self._spool.reserve()
                self._inflight = (seq, batch)
            done, stop = self._deliver(batch)
            with self._cond:
                self._inflight = None
                if stop is not None:
                    rest = batch[done:]
                    if self._spool.write(seq, rest):
                        self.stats.spooled += len(rest)
                        self._spool_pending = True
                    else:
                        self.stats.dropped += len(rest)
            if stop is not None:
                self._after_failure(stop)
                return
            self._after_success()

    def _deliver_spool(self) -> bool:
        """Delivers spooled segments oldest first; True when the spool is empty. The listing that ends the pass is
        taken under the lock, so a segment spilled meanwhile is never skipped (it would be overtaken by newer
        records); a segment that cannot be removed is tried once per pass, not in a busy loop."""
        delivered = 0
        handled = set()
        while True:
            with self._cond:
                fresh = [p for p in self._spool.segments() if p not in handled]
                if not fresh:
                    self._spool_pending = False
                    break
            for path in fresh:
                handled.add(path)
                records = self._spool.read(path)
                if records is None:
                    continue  # delivered meanwhile by another process
                done, stop = self._deliver(records)
                if stop is not None:
                    if done:
                        self._spool.replace(path, records[done:])
                    self._after_failure(stop)
                    return False
                self._spool.remove(path)
                delivered += len(records)
                self._after_success()
        if delivered:
            log.info("tracker: delivered %d spooled records of run %s", delivered, self.run_id)
        return True

    def _deliver(self, records: List[Record]) -> Tuple[int, Optional[Reply]]:
        """Sends records in order, consecutive ones of a kind together. Returns how many are settled (stored,
        duplicate or rejected) and, if delivery had to stop, the reply that stopped it."""
        i = 0
        while i < len(records):
            kind = records[i]["kind"]
            limit = self._options.batch_size if kind in _BATCHED else 1
            j = i + 1
            while j < len(records) and j - i < limit and records[j]["kind"] == kind:
                j += 1
            try:
                done, stop = self._send_group(kind, records[i:j])
            except Exception as e:  # a bug must not lose the batch: treat it like a failed attempt
                log.exception("tracker: unexpected error while sending records of run %s; they are kept and retried", self.run_id)
                done, stop = 0, Reply(None, error=f"internal error: {e!r}")
            if stop is not None:
                return i + done, stop
            i = j
        return i, None

    def _send_group(self, kind: str, group: List[Record]) -> Tuple[int, Optional[Reply]]:
        reply = self._post(kind, [r["body"] for r in group])
        if reply.ok:
            self._count(kind, reply, len(group))
            return len(group), None
        if reply.retryable:
            return 0, reply
        if reply.status == 404 and kind != "register" and self._recover_unknown_run(reply):
            return self._send_group(kind, group)
        if reply.status == 409:
            return self._conflict(kind, group, reply)
        if reply.status in (400, 413, 422) and kind != "register":
            if kind in _BATCHED and len(group) > 1:
                return self._bisect(kind, group)
            self._reject(group, reply)
            return len(group), None
        if reply.status is not None and reply.status >= 500:
            self._reject(group, reply)  # a server bug for this content; resending cannot help, halving would hammer it
            return len(group), None
        return 0, self._halt(kind, reply)

    def _bisect(self, kind: str, group: List[Record]) -> Tuple[int, Optional[Reply]]:
        """Halves a refused batch so that one bad or conflicting record costs only itself."""
        mid = len(group) // 2
        done, stop = self._send_group(kind, group[:mid])
        if stop is not None:
            return done, stop
        done, stop = self._send_group(kind, group[mid:])
        return mid + done, stop

    def _conflict(self, kind: str, group: List[Record], reply: Reply) -> Tuple[int, Optional[Reply]]:
        """409 as the server defines it: the run, step, evaluation or final status already exists with other
        values. Registrations and finishes are settled (the run exists / is finished); a conflicting step or
        evaluation is found by halving and set aside."""
        if kind in _BATCHED and len(group) > 1:
            return self._bisect(kind, group)
        if kind == "register":
            log.warning("tracker: %s; logging continues into the existing run %s", reply.describe(), self.run_id)
        elif kind == "finish":
            log.warning("tracker: finishing run %s: %s", self.run_id, reply.describe())
        else:
            self._reject(group, reply)
            return len(group), None
        self.stats.last_error = reply.describe()
        return len(group), None

    def _recover_unknown_run(self, reply: Reply) -> bool:
        """A 404 for a run this client registered means the server lost it (a fresh database behind the same
        URL): register again, once, and carry on. Any other 404 (a wrong URL) is not recoverable."""
        if self._registration is None or self._reregistered or "unknown run" not in reply.title.lower():
            return False
        self._reregistered = True
        log.warning("tracker: the server does not know run %s (%s); registering it again", self.run_id, reply.describe())
        again = self._post("register", [self._registration])
        return again.ok or again.status == 409

    def _post(self, kind: str, bodies: List[Dict[str, Any]]) -> Reply:
        base = f"/api/v1/runs/{self.run_id}"
        if kind == "register":
            path, payload = "/api/v1/runs", bodies[0]
        elif kind == "finish":
            path, payload = base + "/finish", bodies[0]
        elif kind in _BATCHED:
            path, payload = f"{base}/{_BATCHED[kind]}", {_BATCHED[kind]: bodies}
        else:
            return Reply(400, {"title": "Unknown record", "detail": f"unknown record kind {kind!r}"})
        self.stats.requests += 1
        assert self._transport is not None
        return self._transport.post(path, payload, key_prefix=self.run_id)

    def _count(self, kind: str, reply: Reply, n: int) -> None:
        if kind in _BATCHED and isinstance(reply.body, dict):
            self.stats.accepted += int(reply.body.get("accepted", 0) or 0)
            self.stats.duplicates += int(reply.body.get("duplicates", 0) or 0)
        elif reply.status == 200 and kind == "register":
            self.stats.duplicates += 1
        else:
            self.stats.accepted += n if kind in _BATCHED else 1

    def _reject(self, group: List[Record], reply: Reply) -> None:
        what = _describe_records(group)
        log.error("tracker: the server refused %s of run %s: %s (not retried; kept in %s)",
                  what, self.run_id, reply.describe(), self._spool.directory)
        self.stats.rejected += len(group)
        self.stats.last_error = reply.describe()
        self._spool.reject(group, reply.describe())

    def _halt(self, kind: str, reply: Reply) -> Reply:
        message = reply.describe()
        if self._halted is None:
            hint = " (check TRACKER_TOKEN)" if reply.status in (401, 403) else " (check TRACKER_URL)" if reply.status in (404, 405) else ""
            log.error("tracker: the server refused the %s request of run %s: %s%s. Nothing more is sent from this "
                      "process; records are kept in %s and are delivered by the next tracker.init() of this run "
                      "or by `python -m tracker sync`", kind, self.run_id, message, hint, self._spool.directory)
        self._halted = message
        self.stats.last_error = message
        return reply

    def _after_failure(self, reply: Reply) -> None:
        if self._halted is None:
            self._backoff(reply)

    def _backoff(self, reply: Reply) -> None:
        self._failures += 1
        delay = self._options.backoff.delay(self._failures, reply.retry_after)
        with self._cond:
            self._next_attempt = time.monotonic() + delay
            self.stats.retries += 1
            self.stats.last_retry_delay = delay
            self.stats.last_error = reply.describe()
        source = "as the server asked" if reply.retry_after is not None else "backoff"
        if self._failures == 1:
            log.warning("tracker: run %s: %s; retrying in %.3g s (%s), keeping records in %s meanwhile",
                        self.run_id, reply.describe(), delay, source, self._spool.directory)
        else:
            log.debug("tracker: run %s: attempt %d failed: %s; retrying in %.3g s (%s)",
                      self.run_id, self._failures, reply.describe(), delay, source)

    def _after_success(self) -> None:
        if self._failures:
            log.info("tracker: run %s: the server answers again after %d failed attempts", self.run_id, self._failures)
        self._failures = 0


def _describe_records(group: List[Record]) -> str:
    kind = group[0]["kind"]
    if kind == "step":
        steps = [r["body"].get("step") for r in group]
        return f"step {steps[0]}" if len(steps) == 1 else f"{len(steps)} steps ({steps[0]}..{steps[-1]})"
    if kind == "evaluation":
        b = group[0]["body"]
        return f"the evaluation of {b.get('dataset')!r} at step {b.get('step')}" if len(group) == 1 else f"{len(group)} evaluations"
    return f"the {kind} request"
