"""The public face of the client: ``init`` a run, ``log`` steps, ``log_eval`` evaluations, ``finish``.

Everything here returns at once: records are handed to the run's background sender, which deals with the network.
``init`` raises for a setup that can never work (no study, an unreadable model size), because that is best
found before hours of training; a bad value logged mid-training is left out with a warning instead, because
losing one metric is better than losing the job.
"""

from __future__ import annotations

import atexit
import logging
import os
import sys
import threading
from typing import Any, Dict, List, Mapping, Optional, Tuple, Union

from . import records
from .identity import canonical_run_id, parse_model_size, run_id_for
from .sender import Sender
from .settings import Options, resolve_mode, resolve_token, resolve_url
from .spool import Spool, default_root
from .transport import Transport

logger = logging.getLogger("tracker")


class Run:
    """A registered run. Use the module functions (``tracker.log``) or this object; both are thread-safe."""

    def __init__(self, run_id: str, study: str, name: str, url: str, sender: Optional[Sender],
                 spool_dir: Optional[str], options: Options):
        self.id = run_id
        self.study = study
        self.name = name
        self.url = url
        self.spool_dir = spool_dir
        self._sender = sender
        self._options = options
        self._warnings = records.Warnings()
        self._lock = threading.Lock()
        self._next_step = 0
        self.finished = False
        #: Prompts per step as registered (None if not given): the server counts D += batch size per step that
        #: sends no ``samples``; adapters that log every k-th step send ``samples`` themselves.
        self.batch_size: Optional[int] = None

    def log(self, values: Mapping[str, Any], step: Optional[int] = None) -> None:
        """Logs one training step. ``reward``, ``loss``, ``tokens`` (this step's prompt + response tokens, for
        compute C = 6·N·tokens), ``flops`` and ``samples`` (prompts consumed) fill the step's own fields; every
        other key is a metric. Without ``step`` the step after the last one logged is used.

        Several calls for the same step are merged while the step is still waiting to be sent (it stays open for
        ``flush_interval``). Non-finite and non-numeric values are left out with a warning."""
        if not self._accepting("log"):
            return
        try:
            if not isinstance(values, Mapping):
                raise TypeError(f"values must be a dict of metric names to numbers, got {type(values).__name__}")
            with self._lock:
                s = self._next_step if step is None else records.step_number(step)
                self._next_step = max(self._next_step, s + 1)
        except (TypeError, ValueError) as e:
            self._invalid("log", e)
            return
        try:
            body = records.step_body(values, s, records.now_iso(), self._warnings)
            self._sender.put({"kind": "step", "body": body})
        except Exception:  # a bug here must cost one step, not the training job
            logger.exception("tracker: could not queue step %s of run %s", s, self.id)

    def log_eval(self, step: int, dataset: str = "holdout", pass_at_1: Optional[float] = None,
                 problems: Optional[int] = None) -> None:
        """Logs a held-out evaluation: pass@1 in [0, 1] on ``dataset`` at ``step``, over ``problems`` problems.
        The study's test loss is L = 1 − pass@1 on its loss dataset (``holdout`` unless the study maps another)."""
        if not self._accepting("log_eval"):
            return
        try:
            body = records.evaluation_body(step, dataset, pass_at_1, problems)
        except (TypeError, ValueError) as e:
            self._invalid("log_eval", e)
            return
        self._sender.put({"kind": "evaluation", "body": body})

    def flush(self, timeout: Optional[float] = None) -> bool:
        """Waits until the server has stored everything logged so far; False if that did not happen in time (the
        records stay queued or spooled and are sent later)."""
        if self._sender is None:
            return True
        return self._sender.flush(self._options.finish_timeout if timeout is None else timeout)

    def finish(self, status: str = "completed", reason: Optional[str] = None, timeout: Optional[float] = None) -> bool:
        """Marks the run completed, failed or killed, after everything logged before. Waits at most ``timeout``
        (default ``Options.finish_timeout``); what the server has not confirmed by then stays in the spool and is
        delivered by the next ``init`` of this run or ``python -m tracker sync``. Returns True when all was
        delivered. A second call does nothing."""
        body = records.finish_body(status, reason)  # a wrong status is a bug: raise even when finished
        with self._lock:
            if self.finished:
                return True
            self.finished = True
        _forget(self)
        if self._sender is None:
            return True
        self._sender.put({"kind": "finish", "body": body})
        delivered = self._sender.close(self._options.finish_timeout if timeout is None else timeout)
        if not delivered:
            logger.warning("tracker: run %s (%s/%s) finished as %s but not everything reached %s; the rest is kept in %s "
                        "and is delivered by the next tracker.init() of this run or `python -m tracker sync`",
                        self.id, self.study, self.name, status, self.url, self.spool_dir)
        return delivered

    @property
    def stats(self) -> Dict[str, Any]:
        """Counters of the sender (requests, accepted, duplicates, retries, spooled, rejected, ...)."""
        return self._sender.snapshot() if self._sender is not None else {}

    def pending(self) -> int:
        """Records still in memory (queued or being sent); spooled records are not counted."""
        return self._sender.pending() if self._sender is not None else 0

    def __enter__(self) -> "Run":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.finish("completed")
        else:
            self.finish(_status_of(exc_type), reason=_reason(exc_type, exc))

    def __repr__(self) -> str:
        return f"Run(id={self.id!r}, study={self.study!r}, name={self.name!r})"

    def _accepting(self, what: str) -> bool:
        if self._sender is None:
            return False  # disabled mode, or a forked child that has no sender thread
        if self.finished:
            self._warnings.once(("finished", what), "tracker: run %s is finished; %s() calls are ignored", self.id, what)
            return False
        return True

    def _invalid(self, what: str, error: Exception) -> None:
        self._sender.stats.invalid += 1
        self._warnings.once(("invalid", what, str(error)), "tracker: %s() ignored: %s", what, error)


# ---- module level: the current run ------------------------------------------------------------------------------

_lock = threading.RLock()
_current: Optional[Run] = None
_active: List[Run] = []
_uncaught: Optional[Tuple[str, str]] = None  # (status, reason) of an exception that escaped to sys.excepthook
_hooks_installed = False


def init(study: Optional[str] = None, name: Optional[str] = None, *,
         model_size: Union[None, int, float, str] = None, model: Optional[str] = None, variant: Optional[str] = None,
         config: Any = None, tags: Optional[Mapping[str, Any]] = None, batch_size: Optional[int] = None,
         rollout_n: Optional[int] = None, unique_samples: Optional[int] = None, run_id: Optional[str] = None,
         url: Optional[str] = None, token: Optional[str] = None, spool_dir: Optional[str] = None,
         mode: Optional[str] = None, options: Optional[Options] = None) -> Run:
    """Registers a run and makes it the current one. Returns at once: the registration is sent in the background.

    ``study`` and ``name`` (or ``TRACKER_STUDY``/``TRACKER_RUN_NAME``) identify the run; its id is derived from
    them (or given by ``run_id``/``TRACKER_RUN_ID``), so a restarted job logs into the same run and first delivers
    what an earlier attempt left in the spool. ``model_size`` is N (``7e9`` or ``"7B"``); without it the server
    reads N from ``model`` (e.g. ``"Qwen2.5-7B-Instruct"``). ``batch_size`` (prompts per step), ``rollout_n`` and
    ``unique_samples`` (size of the prompt pool) give the server D and the reuse factor τ. ``config`` is any
    JSON-like object; ``tags`` a flat dict of strings. Registering the same id again with a different body is
    refused by the server (logged, and logging continues into the existing run).
    """
    study = study or os.environ.get("TRACKER_STUDY")
    name = name or os.environ.get("TRACKER_RUN_NAME")
    if not study or not name:
        raise ValueError("tracker.init needs a study and a name (arguments, or TRACKER_STUDY and TRACKER_RUN_NAME)")
    given_id = run_id or os.environ.get("TRACKER_RUN_ID")
    rid = canonical_run_id(given_id) if given_id else run_id_for(study, name)
    body = records.registration_body(
        rid, study, name, family=model, parameters=parse_model_size(model_size), variant=variant,
        batch_size=batch_size, rollout_n=rollout_n, unique_samples=unique_samples, config=config, tags=tags)
    options = options or Options()
    mode = resolve_mode(mode)
    url = resolve_url(url)
    global _current
    with _lock:
        if _current is not None and not _current.finished:
            if _current.id == rid:
                return _current
            logger.info("tracker: init() of another run finishes the current run %s", _current.id)
            _current.finish()
        if mode == "disabled":
            run = Run(rid, body["study"], body["name"], url, None, None, options)
        else:
            directory = os.path.join(os.path.expanduser(spool_dir) if spool_dir else default_root(), rid)
            spool = Spool(directory, options.spool_max_bytes)
            earlier = len(spool.segments())
            if earlier:
                logger.info("tracker: run %s has %d spooled segments from an earlier process; they are delivered first", rid, earlier)
            transport = Transport(url, resolve_token(token), options.timeout) if mode == "online" else None
            sender = Sender(rid, transport, spool, options, registration=body)
            sender.put({"kind": "register", "body": body})
            run = Run(rid, body["study"], body["name"], url, sender, directory, options)
            _active.append(run)
            _install_hooks()
        run.batch_size = body.get("training", {}).get("batchSize")
        _current = run
        return run


def current_run() -> Optional[Run]:
    return _current


def log(values: Mapping[str, Any], step: Optional[int] = None) -> None:
    """``Run.log`` on the current run."""
    _require().log(values, step=step)


def log_eval(step: int, dataset: str = "holdout", pass_at_1: Optional[float] = None, problems: Optional[int] = None) -> None:
    """``Run.log_eval`` on the current run."""
    _require().log_eval(step, dataset=dataset, pass_at_1=pass_at_1, problems=problems)


def flush(timeout: Optional[float] = None) -> bool:
    """``Run.flush`` on the current run."""
    return _require().flush(timeout)


def finish(status: str = "completed", reason: Optional[str] = None, timeout: Optional[float] = None) -> bool:
    """``Run.finish`` on the current run."""
    return _require().finish(status, reason=reason, timeout=timeout)


def _require() -> Run:
    run = _current
    if run is None:
        raise RuntimeError("no current run: call tracker.init(study=..., name=...) first")
    return run


def _forget(run: Run) -> None:
    with _lock:
        if run in _active:
            _active.remove(run)


def _status_of(exc_type: Any) -> str:
    """Ctrl-C is a run someone stopped (killed); any other exception is a failure."""
    return "killed" if isinstance(exc_type, type) and issubclass(exc_type, KeyboardInterrupt) else "failed"


def _reason(exc_type: Any, exc: Any) -> str:
    return f"{getattr(exc_type, '__name__', exc_type)}: {exc}"[:records.MAX_REASON_LENGTH]


# ---- process hooks: finish at exit (failed after an uncaught exception), nothing in forked children ---------------

def _install_hooks() -> None:
    """Installed once, at the first ``init``. The exit hook finishes runs the job did not finish, as ``failed``
    when an exception escaped (MLflow marks such runs finished, which hides crashes)."""
    global _hooks_installed
    if _hooks_installed:
        return
    _hooks_installed = True
    atexit.register(_finish_at_exit)
    previous = sys.excepthook

    def excepthook(exc_type, exc, tb):
        global _uncaught
        _uncaught = (_status_of(exc_type), _reason(exc_type, exc))
        previous(exc_type, exc, tb)

    sys.excepthook = excepthook
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_after_fork_in_child)


def _finish_at_exit() -> None:
    for run in list(_active):
        try:
            if _uncaught:
                run.finish(_uncaught[0], reason=_uncaught[1])
            else:
                run.finish("completed")
        except Exception:  # at exit, never turn a clean shutdown into a traceback
            logger.exception("tracker: could not finish run %s at exit", run.id)


def _after_fork_in_child() -> None:
    """A forked child (a DataLoader worker, say) has no sender thread; its runs go quiet rather than filling a
    queue nobody drains. The parent keeps logging."""
    global _current
    for run in _active:
        run._sender = None
    _active.clear()
    _current = None
