"""When to try a request again, and how long to wait first.

Retrying is safe because every Tracker write is idempotent: a repeated registration, step, evaluation or finish
is answered as a duplicate, never stored twice. The waits grow exponentially with random jitter, so hundreds of
jobs that lost the server together do not come back in the same second; a server that says ``Retry-After``
knows best and is obeyed (up to a cap, so a misconfigured proxy cannot stall a job for a day).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Callable, Optional

#: Answers worth another try: timeouts, throttling, a proxy or server that is briefly away. Every other 4xx says
#: the request itself is wrong, so repeating it cannot help (409 is a conflict the caller resolves).
RETRYABLE_STATUSES = frozenset({408, 429, 502, 503, 504})


@dataclass
class Backoff:
    """Exponential backoff with jitter: after failed attempt n the wait is ``base · 2^(n-1)``, capped at ``cap``,
    minus a random fraction of up to ``jitter`` of it."""

    base: float = 0.5
    cap: float = 30.0
    jitter: float = 0.5
    max_retry_after: float = 300.0
    random: Callable[[], float] = field(default=random.random, repr=False)

    def delay(self, attempt: int, retry_after: Optional[float] = None) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based). A server's Retry-After wins over the
        computed wait, without jitter: it knows when it will be back."""
        if attempt < 1:
            raise ValueError("attempt is 1-based")
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_retry_after)
        wait = min(self.base * 2.0 ** min(attempt - 1, 60), self.cap)
        share = min(max(self.jitter, 0.0), 1.0) * min(max(self.random(), 0.0), 1.0)
        return wait * (1.0 - share)


def parse_retry_after(value: Optional[str], now: Optional[float] = None) -> Optional[float]:
    """Seconds from a Retry-After header, which is either a number of seconds or an HTTP date; None if absent or
    unreadable."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        seconds = float(text)
        return seconds if seconds >= 0 and seconds == seconds else None
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))
