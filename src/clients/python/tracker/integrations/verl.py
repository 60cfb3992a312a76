"""veRL: a ``Tracking`` backend that sends a GRPO/PPO job's metrics and validation scores to Tracker.

veRL's ``Tracking.log(data, step)`` calls ``backend.log(data=data, step=step)`` on every backend it built from
``trainer.logger``; the list of backends is fixed in veRL's code. There are two ways in:

* ``install()`` adds a ``"tracker"`` backend to veRL's ``Tracking`` class, so ``trainer.logger=['console','tracker']``
  works unchanged. It must run in the process that builds ``Tracking`` (veRL's ``TaskRunner`` Ray actor), e.g. as
  a Ray worker setup hook: ``++ray_kwargs.ray_init.runtime_env.worker_process_setup_hook=tracker.integrations.verl.install``.
* ``VerlLogger(project_name, experiment_name, config)`` is the backend object itself, for trainers that build
  their own ``Tracking`` (``tracking.logger["tracker"] = VerlLogger(...)``).

What is sent: every numeric metric as is (veRL names, ``@`` kept), plus the step fields the scaling analysis
reads: ``reward`` from ``critic/rewards/mean`` (else ``critic/score/mean``), ``loss`` from ``actor/pg_loss``,
``tokens`` from ``perf/total_num_tokens`` (compute C = Σ 6·N·tokens, as in the paper's analysis). The validation
before training (step 0) is sent with ``samples=0``, so it adds nothing to D. Validation scores become
evaluations: ``val-core/<source>/acc/mean@N`` (or ``reward``/``score`` when there is no ``acc``) and the older
``val/test_score/<source>`` give pass@1 on dataset ``<source>``, exactly as the server's MLflow API derives them; map the study's loss dataset to the one that is
the held-out set (``PUT /api/v1/studies/{study}/mapping``).

Registration reads the veRL config: model family from ``actor_rollout_ref.model.path`` (N is parsed from a name
such as ``Qwen2.5-7B-Instruct``), ``data.train_batch_size``, ``actor_rollout_ref.rollout.n``, ``data.train_max_samples``
(when set, the size of the prompt pool), and an optional
``tracker`` section added on the command line (``+tracker.parameters=7e9 +tracker.unique_samples=53904``, names the
server's MLflow API reads too, and ``+tracker.model_size=7B +tracker.study=... +tracker.name=...``).
"""

from __future__ import annotations

import functools
import inspect
import logging
import re
from typing import Any, Dict, Iterator, Mapping, Optional, Sequence, Tuple

from .. import run as _run
from ..records import number

log = logging.getLogger("tracker")

BACKEND = "tracker"
_VAL_CORE = re.compile(r"^val-core/(?P<source>.+)/(?P<var>[^/]+)/mean(?:@|_at_)(?P<n>\d{1,6})$")
_CORE_VARIABLES = ("acc", "reward", "score")
_VAL_OLD = re.compile(r"^val/test_score/(?P<source>.+?)(?:/unknown)?$")


class VerlLogger:
    """A veRL tracking backend: ``log(data, step)`` and ``finish()``."""

    def __init__(self, project_name: Optional[str] = None, experiment_name: Optional[str] = None, config: Any = None, *,
                 run: Optional[_run.Run] = None, reward_keys: Sequence[str] = ("critic/rewards/mean", "critic/score/mean"),
                 loss_keys: Sequence[str] = ("actor/pg_loss",), tokens_keys: Sequence[str] = ("perf/total_num_tokens",),
                 evaluations: bool = True, **init_kwargs: Any):
        """``reward_keys`` etc.: the first key present fills the field (the same precedence as the server's MLflow
        API, so a run reads the same whichever way it was logged). ``init_kwargs`` go to ``tracker.init``."""
        self.fields = {"reward": tuple(reward_keys), "loss": tuple(loss_keys), "tokens": tuple(tokens_keys)}
        self.evaluations = evaluations
        self.run = run or _run.init(**_init_arguments(project_name, experiment_name, config, init_kwargs))

    def log(self, data: Mapping[str, Any], step: int) -> None:
        """Called by veRL once per training step, and at step 0 for the validation before training."""
        values = dict(data)
        training = False
        for field, keys in self.fields.items():
            key = next((k for k in keys if k in data), None)
            if key is not None:
                training = True
                values.setdefault(field, data[key])
        if not training:
            values.setdefault("samples", 0)  # validation only (step 0): no prompts consumed, D must not grow
        self.run.log(values, step=step)
        if self.evaluations:
            for dataset, pass_at_1 in evaluations_in(data):
                self.run.log_eval(step=step, dataset=dataset, pass_at_1=pass_at_1)

    def finish(self, status: str = "completed") -> None:
        self.run.finish(status)


def evaluations_in(data: Mapping[str, Any]) -> Iterator[Tuple[str, float]]:
    """(data source, pass@1) pairs from veRL validation keys, read as the server's MLflow API reads them.

    ``val-core/<source>/<var>/mean@N`` is the mean 0/1 score over N samples per problem, an unbiased pass@1; per
    source ``acc`` wins over ``reward`` over ``score``, then the largest N. The older ``val/test_score/<source>``
    (``/unknown`` suffix dropped) comes last. Values outside [0, 1] (a non-binary reward) are not pass rates and
    are skipped."""
    best: Dict[str, Tuple[Tuple[int, int], float]] = {}
    for key, raw in data.items():
        value = number(raw)
        if value is None or not 0.0 <= value <= 1.0:
            continue
        match = _VAL_CORE.match(key)
        if match and match.group("var") in _CORE_VARIABLES:
            rank = (_CORE_VARIABLES.index(match.group("var")), -int(match.group("n")))
        else:
            match = _VAL_OLD.match(key)
            if not match:
                continue
            rank = (len(_CORE_VARIABLES), 0)
        source = match.group("source")
        if source not in best or rank < best[source][0]:
            best[source] = (rank, value)
    for source, (_, value) in best.items():
        yield source, value


def install(backend: str = BACKEND) -> None:
    """Teaches veRL's ``Tracking`` a ``"tracker"`` backend (idempotent). Without veRL installed it logs and returns,
    so it is harmless as a Ray worker setup hook in every worker process."""
    try:
        from verl.utils import tracking as verl_tracking  # noqa: PLC0415 (optional dependency)
    except ImportError:
        log.debug("tracker: veRL is not installed here; the %r backend is not added", backend)
        return
    cls = verl_tracking.Tracking
    if getattr(cls, "_tracker_backend", None) == backend:
        return
    if backend not in cls.supported_backend:
        cls.supported_backend = list(cls.supported_backend) + [backend]
    original = cls.__init__
    signature = inspect.signature(original)

    @functools.wraps(original)
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        bound = signature.bind(self, *args, **kwargs)
        bound.apply_defaults()
        chosen = bound.arguments.get("default_backend")
        chosen = [chosen] if isinstance(chosen, str) else list(chosen or [])
        if backend in chosen:
            self.logger[backend] = VerlLogger(bound.arguments.get("project_name"), bound.arguments.get("experiment_name"),
                                              bound.arguments.get("config"))

    cls.__init__ = __init__
    cls._tracker_backend = backend


def _init_arguments(project_name: Optional[str], experiment_name: Optional[str], config: Any,
                    overrides: Dict[str, Any]) -> Dict[str, Any]:
    """tracker.init arguments from veRL's project and experiment names and its config."""
    section = dict(_get(config, "tracker") or {})
    arguments: Dict[str, Any] = {
        "study": section.pop("study", None) or project_name,
        "name": section.pop("name", None) or experiment_name,
        "config": config,
    }
    path = _get(config, "actor_rollout_ref", "model", "path")
    if isinstance(path, str) and path.strip("/"):
        arguments["model"] = path.rstrip("/").rsplit("/", 1)[-1]
    arguments["batch_size"] = _get(config, "data", "train_batch_size")
    arguments["rollout_n"] = _get(config, "actor_rollout_ref", "rollout", "n")
    limit = number(_get(config, "data", "train_max_samples"))
    if limit is not None and limit > 0:  # the training pool is cut to this many prompts
        arguments["unique_samples"] = int(limit)
    if section.get("parameters") is not None:  # the name the server's MLflow API reads for N
        arguments["model_size"] = section["parameters"]
    for key in ("model_size", "model", "variant", "batch_size", "rollout_n", "unique_samples", "tags", "run_id"):
        if section.get(key) is not None:
            arguments[key] = section[key]
    arguments.update(overrides)
    return arguments


def _get(config: Any, *path: str) -> Any:
    node = config
    for key in path:
        if isinstance(node, Mapping):
            node = node.get(key)
        else:
            node = getattr(node, key, None)
        if node is None:
            return None
    return node
