"""Turning what a training loop logs into the server's wire records.

The server refuses a whole batch for one NaN, one negative token count or one over-long name (design.md §7), and
a refused batch costs every good step in it. So values are checked here, where dropping one bad value keeps the
rest of the step: non-finite numbers, negative counts, non-numeric values and bad names are left out and reported
through ``logging`` (once per key, so a NaN every step does not flood the job's log).
"""

from __future__ import annotations

import dataclasses
import enum
import logging
import math
import operator
import re
from datetime import datetime, timezone
from pathlib import PurePath
from typing import Any, Dict, Mapping, Optional

log = logging.getLogger("tracker")

# Server limits (Tracker.Domain.Validation.Limits).
MAX_STEP = 1 << 40
MAX_NAME_LENGTH = 250
MAX_METRICS_PER_STEP = 1000
MAX_TAGS = 100
MAX_TAG_VALUE_LENGTH = 5000
MAX_REASON_LENGTH = 5000

#: Keys of ``log()`` that fill the step's own fields; every other key goes to ``metrics``.
STEP_FIELDS = ("reward", "loss", "tokens", "flops", "samples")
_COUNTS = ("tokens", "flops", "samples")
FINAL_STATUSES = ("completed", "failed", "killed")


class Warnings:
    """Remembers which problems were already reported, so each is logged once per run."""

    def __init__(self) -> None:
        self._seen: set = set()

    def once(self, key: Any, message: str, *args: Any) -> None:
        if key in self._seen:
            return
        if len(self._seen) < 10_000:
            self._seen.add(key)
        log.warning(message, *args)


def number(value: Any) -> Optional[float]:
    """A finite float from ints, floats, numpy/torch scalars (``.item()``) and one-element tensors; else None.

    Booleans and strings are not numbers here: a metric that is sometimes ``True`` and sometimes ``0.3`` is a
    bug in the caller, and MLflow refuses booleans too.
    """
    kind = type(value)
    if kind is float:  # the common case first: log() is on the training loop's path
        return value if math.isfinite(value) else None
    if kind is not int and (isinstance(value, bool) or value is None or isinstance(value, (str, bytes))):
        return None
    if not isinstance(value, (int, float)):
        item = getattr(value, "item", None)
        if callable(item):
            try:
                value = item()
            except Exception:  # a tensor with more than one element, for instance
                return None
            if isinstance(value, bool):
                return None
    try:
        f = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return f if math.isfinite(f) else None


def step_number(step: Any) -> int:
    """A step as the server takes it: an integer in [0, 2^40]. Raises ValueError/TypeError otherwise."""
    if isinstance(step, bool):
        raise TypeError(f"step must be an integer, got {step!r}")
    if isinstance(step, float):
        if not step.is_integer():
            raise ValueError(f"step must be an integer, got {step!r}")
        step = int(step)
    try:
        s = operator.index(step)  # int, numpy integers
    except TypeError:
        item = getattr(step, "item", None)
        if not callable(item):
            raise TypeError(f"step must be an integer, got {type(step).__name__}") from None
        s = operator.index(item())
    if not 0 <= s <= MAX_STEP:
        raise ValueError(f"step must be in [0, 2^40], got {s}")
    return s


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def valid_name(value: Any) -> bool:
    """1 to 250 characters, none of them a C0 or C1 control character (as the server checks)."""
    return isinstance(value, str) and 0 < len(value) <= MAX_NAME_LENGTH and _CONTROL.search(value) is None


def now_iso() -> str:
    """Wall time of a step, to the microsecond. It is part of the step's identity on the server, so it is fixed
    when ``log()`` is called and resent unchanged on every retry."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def step_body(values: Mapping[str, Any], step: int, time: Optional[str], warnings: Warnings) -> Dict[str, Any]:
    """``{"step", "time", "reward", ..., "metrics": {...}}`` from a ``log()`` dict, bad values left out."""
    body: Dict[str, Any] = {"step": step}
    if time is not None:
        body["time"] = time
    metrics: Dict[str, float] = {}
    for raw_key, raw_value in values.items():
        key = raw_key if isinstance(raw_key, str) else str(raw_key)
        value = number(raw_value)
        if value is None:
            warnings.once(("value", key), "tracker: %r is not a finite number (%r); left out of the step (reported once per key)",
                          key, _short(raw_value))
            continue
        if key in STEP_FIELDS:
            if key in _COUNTS and value < 0:
                warnings.once(("negative", key), "tracker: %r must not be negative, got %r; left out of the step", key, value)
                continue
            body[key] = value
        elif not valid_name(key):
            warnings.once(("name", key), "tracker: metric name %r must have 1 to %d characters and no control characters; left out",
                          key[:80], MAX_NAME_LENGTH)
        elif len(metrics) >= MAX_METRICS_PER_STEP:
            warnings.once(("too-many",), "tracker: more than %d metrics in one step; the rest are left out", MAX_METRICS_PER_STEP)
        else:
            metrics[key] = value
    if metrics:
        body["metrics"] = metrics
    return body


def merge_steps(first: Dict[str, Any], later: Dict[str, Any]) -> None:
    """Folds a later ``log()`` of the same step into the first (later values win; the first time is kept),
    because the server stores one immutable record per step."""
    for key, value in later.items():
        if key == "metrics":
            merged = dict(first.get("metrics", {}))
            merged.update(value)
            first["metrics"] = dict(list(merged.items())[:MAX_METRICS_PER_STEP])
        elif key not in ("step", "time"):
            first[key] = value


def evaluation_body(step: Any, dataset: Any, pass_at_1: Any, problems: Any) -> Dict[str, Any]:
    """``{"step", "dataset", "passAt1", "problems"}``; raises ValueError/TypeError for what the server refuses."""
    s = step_number(step)
    if not valid_name(dataset):
        raise ValueError(f"dataset must be a name of 1 to {MAX_NAME_LENGTH} characters, got {dataset!r}")
    p = number(pass_at_1)
    if p is None or not 0.0 <= p <= 1.0:
        raise ValueError(f"pass_at_1 must be a number in [0, 1], got {pass_at_1!r}")
    body: Dict[str, Any] = {"step": s, "dataset": dataset, "passAt1": p}
    if problems is not None:
        n = number(problems)
        if n is None or n <= 0 or not float(n).is_integer() or n > 2**31 - 1:
            raise ValueError(f"problems must be a positive integer, got {problems!r}")
        body["problems"] = int(n)
    return body


def registration_body(run_id: str, study: str, name: str, *, family: Optional[str], parameters: Optional[float],
                      variant: Optional[str], batch_size: Optional[int], rollout_n: Optional[int],
                      unique_samples: Optional[int], config: Any, tags: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    """The body of ``POST /api/v1/runs``. Raises ValueError for what the server would refuse: a registration
    that cannot succeed is a mistake in the job's setup, best reported before training starts."""
    for field, value in (("study", study), ("name", name)):
        if not (isinstance(value, str) and value.strip()):
            raise ValueError(f"{field} is required")
        if not valid_name(value.strip()):
            raise ValueError(f"{field} must have at most {MAX_NAME_LENGTH} characters and no control characters")
    body: Dict[str, Any] = {"runId": run_id, "study": study.strip(), "name": name.strip()}
    model = {k: v for k, v in (("family", family), ("parameters", parameters), ("variant", variant)) if v is not None}
    for field in ("family", "variant"):
        if field in model and not valid_name(model[field]):
            raise ValueError(f"model {field} must be a name of 1 to {MAX_NAME_LENGTH} characters, got {model[field]!r}")
    if model:
        body["model"] = model
    training = {}
    for field, value in (("batchSize", batch_size), ("rolloutN", rollout_n), ("uniqueSamples", unique_samples)):
        if value is not None:
            n = number(value)
            if n is None or n <= 0 or not float(n).is_integer():
                raise ValueError(f"{field} must be a positive integer, got {value!r}")
            training[field] = int(n)
    if training:
        body["training"] = training
    if config is not None:
        body["config"] = jsonable(config)
    if tags:
        if len(tags) > MAX_TAGS:
            raise ValueError(f"at most {MAX_TAGS} tags")
        clean = {}
        for key, value in tags.items():
            text = value if isinstance(value, str) else str(value)
            if not valid_name(str(key)) or len(text) > MAX_TAG_VALUE_LENGTH:
                raise ValueError(f"tag {key!r}: names have 1 to {MAX_NAME_LENGTH} characters, values at most {MAX_TAG_VALUE_LENGTH}")
            clean[str(key)] = text
        body["tags"] = clean
    return body


def finish_body(status: str, reason: Optional[str]) -> Dict[str, Any]:
    if status not in FINAL_STATUSES:
        raise ValueError(f"status must be one of {', '.join(FINAL_STATUSES)}, got {status!r}")
    body: Dict[str, Any] = {"status": status}
    if reason:
        body["reason"] = str(reason)[:MAX_REASON_LENGTH]
    return body


def jsonable(value: Any, _depth: int = 0) -> Any:
    """A config (dicts, lists, dataclasses, OmegaConf containers converted by the caller, enums, paths, numpy
    values) as strict JSON: non-finite floats and unknown objects become strings, so the body always encodes.
    Depth is capped below the server's JSON depth limit (32)."""
    if _depth > 24:
        return str(value)
    if value is None or isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v, _depth + 1) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable(dataclasses.asdict(value), _depth)
    if isinstance(value, enum.Enum):
        return jsonable(value.value, _depth)
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v, _depth + 1) for v in value]
    item = getattr(value, "item", None)
    if callable(item):
        try:
            return jsonable(item(), _depth)
        except Exception:
            pass
    tolist = getattr(value, "tolist", None)
    if callable(tolist):
        try:
            return jsonable(tolist(), _depth)
        except Exception:
            pass
    return str(value)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
