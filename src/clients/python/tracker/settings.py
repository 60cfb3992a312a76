"""Where the client sends, with which token, and how it batches: arguments first, then the environment.

| variable | meaning |
|---|---|
| ``TRACKER_URL`` | server base URL (default ``http://127.0.0.1:5080``) |
| ``TRACKER_TOKEN`` | bearer token; ``MLFLOW_TRACKING_TOKEN`` is read when it is unset, so one secret serves both APIs |
| ``TRACKER_RUN_ID`` | log into this run id (a UUID) instead of the one derived from study and name |
| ``TRACKER_SPOOL_DIR`` | spool root (default ``$XDG_CACHE_HOME/tracker/spool`` or ``~/.cache/tracker/spool``) |
| ``TRACKER_MODE`` | ``online`` (default), ``offline`` (spool only; deliver later with ``python -m tracker sync``) or ``disabled`` |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Optional

from .retry import Backoff

DEFAULT_URL = "http://127.0.0.1:5080"
MODES = ("online", "offline", "disabled")


@dataclass
class Options:
    """Tuning of the background sender. The defaults suit a job that logs a step every few seconds or faster."""

    #: Seconds between two sends when fewer than ``batch_size`` records wait; also how long the newest step stays
    #: open so that several ``log()`` calls for one step become one record (the server stores a step once).
    flush_interval: float = 1.0
    #: Records per request (the server takes at most 10,000 steps per request).
    batch_size: int = 1000
    #: Records kept in memory; beyond that they are written to the spool at once, so memory stays bounded.
    max_queue: int = 10_000
    #: While the server is away, memory is written to the spool at least this often (fewer, larger segments).
    spill_interval: float = 10.0
    #: Seconds one HTTP request may take.
    timeout: float = 10.0
    #: Seconds ``finish()`` waits for the server before leaving the rest in the spool.
    finish_timeout: float = 30.0
    #: Bytes the spool of one run may hold; newer records are dropped beyond it (with an error in the log).
    spool_max_bytes: int = 1 << 30
    backoff: Backoff = field(default_factory=Backoff)

    def __post_init__(self) -> None:
        if not 1 <= self.batch_size <= 10_000:
            raise ValueError("batch_size must be in [1, 10000]")
        if self.max_queue < self.batch_size:
            raise ValueError("max_queue must be at least batch_size")
        if self.flush_interval <= 0 or self.timeout <= 0 or self.spill_interval <= 0 or self.finish_timeout < 0:
            raise ValueError("intervals and timeouts must be positive")


def resolve_url(url: Optional[str]) -> str:
    return (url or os.environ.get("TRACKER_URL") or DEFAULT_URL).rstrip("/")


def resolve_token(token: Optional[str]) -> Optional[str]:
    return token or os.environ.get("TRACKER_TOKEN") or os.environ.get("MLFLOW_TRACKING_TOKEN") or None


def resolve_mode(mode: Optional[str]) -> str:
    value = (mode or os.environ.get("TRACKER_MODE") or "online").strip().lower()
    if value not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, got {value!r}")
    return value
