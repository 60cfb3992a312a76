"""Tracker client for training jobs: standard library only, never blocks or crashes training.

    import tracker

    tracker.init(study="qwen-sweep", name="7b-seed0", model_size="7B", batch_size=512, rollout_n=8,
                 unique_samples=51_200, config=cfg)
    for step in range(1, steps + 1):
        ...
        tracker.log({"reward": r, "loss": l, "tokens": n_tokens, "actor/kl_loss": kl}, step=step)
        tracker.log_eval(step=step, dataset="holdout", pass_at_1=acc, problems=500)
    tracker.finish()

Adapters: ``tracker.integrations.verl`` (a veRL ``Tracking`` backend) and ``tracker.integrations.trl`` (a
transformers/TRL ``TrainerCallback``). Settings: ``tracker.settings`` (TRACKER_URL, TRACKER_TOKEN, ...).
"""

from ._version import __version__
from .retry import Backoff
from .run import Run, current_run, finish, flush, init, log, log_eval
from .settings import Options

__all__ = ["Backoff", "Options", "Run", "__version__", "current_run", "finish", "flush", "init", "log", "log_eval"]
