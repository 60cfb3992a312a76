"""transformers / TRL: a ``TrainerCallback``-compatible callback, written without importing transformers.

    from tracker.integrations.trl import TrackerCallback
    trainer = GRPOTrainer(..., callbacks=[TrackerCallback(study="qwen-grpo", model_size="7B", unique_samples=7473)])

The Trainer calls ``on_<event>(args, state, control, **kwargs)`` on every callback for every event; this class
answers ``on_log``, ``on_step_begin``, ``on_train_begin`` and ``on_train_end`` and ignores the rest (any other
``on_*`` is a no-op, so new transformers events do not break it). Only the world's main process logs.

Tracker stores one immutable record per step, while the Trainer logs a step in pieces: training metrics, then
evaluation metrics after an evaluation that may take minutes, then the end-of-training summary. So the logs of a
step are collected and sent when the next step begins (or training ends). Keys map as TRL names them: ``reward``
and ``loss`` fill the step's fields; ``num_tokens`` (TRL's running total of prompt + completion tokens) becomes
this step's ``tokens`` by difference, for compute C = Σ 6·N·tokens; everything else is a metric under its TRL
name; ``samples`` is the prompts of every step since the previous record (the Trainer logs every
``logging_steps`` steps, and the study's data axis D counts them all). Evaluations: ``eval_reward`` (dataset
``eval``) and ``eval_<name>_reward`` (dataset ``<name>``) in [0, 1] are recorded as pass@1, as the server's MLflow
API reads TRL runs; with ``eval_metric`` (e.g. ``"eval_accuracy"``) that metric on ``eval_dataset`` instead.
"""

from __future__ import annotations

import logging
import os
import re
from typing import Any, Dict, List, Optional, Tuple

from .. import run as _run
from ..records import Warnings, number

log = logging.getLogger("tracker")

_EVAL_REWARD = re.compile(r"^eval_(?:(?P<ds>.+)_)?reward$")


class TrackerCallback:
    """Duck-typed ``transformers.TrainerCallback`` that logs to Tracker."""

    def __init__(self, run: Optional[_run.Run] = None, *, study: Optional[str] = None, name: Optional[str] = None,
                 eval_metric: Optional[str] = None, eval_dataset: str = "holdout", finish_on_train_end: bool = False,
                 **init_kwargs: Any):
        """``run``: log into an existing run; otherwise one is registered at ``on_train_begin`` with ``study``
        (default ``TRACKER_STUDY``, else ``"trl"``), ``name`` (default ``args.run_name``), the model's name, TRL's
        ``num_generations`` as ``rollout_n``, prompts per optimizer step as ``batch_size`` (from the per-device batch,
        processes, gradient accumulation and ``num_generations``), the training arguments as config, and any ``tracker.init`` argument
        given here (``model_size``, ``batch_size``, ``unique_samples``, ``tags``, ``url``, ...).
        ``finish_on_train_end``: finish the run when training ends (by default it is finished at process exit,
        so a ``trainer.evaluate()`` after training is still recorded)."""
        self.run = run
        self.study, self.name = study, name
        self.eval_metric, self.eval_dataset = eval_metric, eval_dataset
        self.finish_on_train_end = finish_on_train_end
        self._init_kwargs = init_kwargs
        self._step: Optional[int] = None
        self._logs: Dict[str, Any] = {}
        self._sent_step = -1
        self._interval_from = 0  # the step the next record's tokens and samples count from
        self._tokens_seen: Optional[float] = None
        self._warnings = Warnings()

    # ---- events -----------------------------------------------------------------------------------------------

    def on_train_begin(self, args: Any, state: Any, control: Any, model: Any = None, **kwargs: Any) -> None:
        if not _is_main(state):
            return
        self._ensure_run(args, model)
        # A resumed Trainer restores its step and running token count before this event: count from there, not from 0.
        self._tokens_seen = number(getattr(state, "num_input_tokens_seen", None))
        start = int(getattr(state, "global_step", 0) or 0)
        self._interval_from = max(self._interval_from, start)
        if start > 0:
            self._sent_step = max(self._sent_step, start)  # logged before the checkpoint

    def on_log(self, args: Any, state: Any, control: Any, logs: Optional[Dict[str, Any]] = None, **kwargs: Any) -> None:
        if not _is_main(state) or not logs:
            return
        if self._ensure_run(args, kwargs.get("model")) is None:
            return
        step = int(state.global_step)
        if self._step is not None and step != self._step:
            self._send()
        for dataset, pass_at_1 in self._evaluations(logs):
            self.run.log_eval(step=step, dataset=dataset, pass_at_1=pass_at_1)
        if step <= self._sent_step:
            self._warnings.once(("late", step), "tracker: logs for step %d arrived after the step was sent (%s); the server "
                                "keeps one record per step, so these values are left out", step, ", ".join(sorted(logs))[:200])
            return
        self._step = step
        self._logs.update(logs)

    def on_step_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        if _is_main(state):
            self._send()

    def on_train_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        if not _is_main(state):
            return
        self._send()
        if self.finish_on_train_end and self.run is not None:
            self.run.finish("completed")

    def __getattr__(self, name: str) -> Any:
        if name.startswith("on_"):
            return _ignore
        raise AttributeError(name)

    # ---- helpers ----------------------------------------------------------------------------------------------

    def _ensure_run(self, args: Any, model: Any) -> Optional[_run.Run]:
        if self.run is None:
            arguments: Dict[str, Any] = {
                "study": self.study or os.environ.get("TRACKER_STUDY") or "trl",
                "name": self.name or getattr(args, "run_name", None) or os.path.basename(str(getattr(args, "output_dir", "") or "").rstrip("/")) or "run",
                "model": _model_name(model),
                "rollout_n": getattr(args, "num_generations", None),
                "batch_size": _prompts_per_step(args),
                "config": args.to_dict() if callable(getattr(args, "to_dict", None)) else None,
            }
            arguments.update(self._init_kwargs)
            self.run = _run.init(**arguments)
        return self.run

    def _evaluations(self, logs: Dict[str, Any]) -> List[Tuple[str, float]]:
        """``eval_metric`` on ``eval_dataset`` when given; otherwise the server's MLflow convention for TRL:
        ``eval_reward`` (dataset ``eval``) and ``eval_<name>_reward`` (dataset ``<name>``), when in [0, 1]."""
        if self.eval_metric:
            return [(self.eval_dataset, logs[self.eval_metric])] if self.eval_metric in logs else []
        found = []
        for key, raw in logs.items():
            match = _EVAL_REWARD.match(key)
            value = number(raw)
            if match and value is not None and 0.0 <= value <= 1.0:
                found.append((match.group("ds") or "eval", value))
        return found

    def _send(self) -> None:
        """Sends the collected logs of the open step as one record."""
        if self._step is None or self.run is None:
            return
        values = dict(self._logs)
        total = number(values.get("num_tokens"))
        if total is not None and "tokens" not in values:
            if self._tokens_seen is None or total >= self._tokens_seen:
                values["tokens"] = total - (self._tokens_seen or 0.0)
            self._tokens_seen = total
        # The Trainer logs every logging_steps steps; D counts the prompts of every step since the last record.
        if self.run.batch_size and "samples" not in values and self._step > self._interval_from:
            values["samples"] = (self._step - self._interval_from) * self.run.batch_size
        self.run.log(values, step=self._step)
        self._sent_step = max(self._sent_step, self._step)
        self._interval_from = max(self._interval_from, self._step)
        self._step, self._logs = None, {}


def _is_main(state: Any) -> bool:
    return bool(getattr(state, "is_world_process_zero", True))


def _prompts_per_step(args: Any) -> Optional[int]:
    """Prompts per optimizer step of a GRPO-style trainer: completions per step (per-device batch × processes ×
    gradient accumulation) over completions per prompt (``num_generations``). None when the arguments do not say;
    pass ``batch_size=`` to the callback to override."""
    try:
        completions = int(args.per_device_train_batch_size) * int(getattr(args, "world_size", 1) or 1) * int(args.gradient_accumulation_steps)
        group = int(args.num_generations)
    except (AttributeError, TypeError, ValueError):
        return None
    return completions // group if group > 0 and completions % group == 0 and completions >= group else None


def _model_name(model: Any) -> Optional[str]:
    """``Qwen2.5-7B-Instruct`` from a model loaded as ``Qwen/Qwen2.5-7B-Instruct`` (the server reads N from it)."""
    path = getattr(getattr(model, "config", None), "_name_or_path", None) or getattr(model, "name_or_path", None)
    if not isinstance(path, str) or not path.strip("/"):
        return None
    return path.rstrip("/").rsplit("/", 1)[-1]


def _ignore(*args: Any, **kwargs: Any) -> None:
    return None
