"""One HTTP request to Tracker, answered as a ``Reply`` and never as an exception.

The sender thread decides what to do with every outcome (retry, split, spool, give up), so this layer only
classifies: it must not raise for a refused connection or a 503, and it keeps the problem details of a 4xx so
the job's log can say exactly which field of which step was refused.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import logging
import os
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Dict, Optional

from ._version import __version__
from .retry import RETRYABLE_STATUSES, parse_retry_after

log = logging.getLogger("tracker")


@dataclass
class Reply:
    """The outcome of one request: an HTTP status, or ``status=None`` with ``error`` when nothing came back."""

    status: Optional[int]
    body: Any = None
    retry_after: Optional[float] = None
    error: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def retryable(self) -> bool:
        return self.status is None or self.status in RETRYABLE_STATUSES

    @property
    def title(self) -> str:
        return self.body.get("title", "") if isinstance(self.body, dict) else ""

    def describe(self) -> str:
        """``503 Service Unavailable: detail`` or the network error, for log lines."""
        if self.status is None:
            return f"no answer ({self.error})"
        if isinstance(self.body, dict):
            title = self.body.get("title") or ""
            detail = self.body.get("detail") or ""
            text = f"{title}: {detail}" if title and detail else title or detail
            if text:
                return f"{self.status} {text}"
        if isinstance(self.body, str) and self.body.strip():
            return f"{self.status} {self.body.strip()[:300]}"
        return f"{self.status} {http.client.responses.get(self.status, '')}".rstrip()


class Transport:
    """POSTs JSON to ``<url>/api/v1/...`` with the bearer token, the client name and an idempotency key."""

    def __init__(self, url: str, token: Optional[str] = None, timeout: float = 10.0, client: Optional[str] = None):
        self.url = url.rstrip("/")
        self.timeout = timeout
        self._token = token
        self._client = client or f"tracker-python/{__version__} ({socket.gethostname()} pid {os.getpid()})"
        self._opener = urllib.request.build_opener()

    def post(self, path: str, body: Any, key_prefix: Optional[str] = None) -> Reply:
        """One POST. With ``key_prefix`` the request carries ``Idempotency-Key: <prefix>-<content hash>``: the same
        batch gets the same key on every retry and from every process."""
        try:
            data = json.dumps(body, allow_nan=False, separators=(",", ":")).encode("utf-8")
        except (TypeError, ValueError) as e:  # a bug here, not in the server: never retried
            return Reply(status=400, body={"title": "Not encodable", "detail": str(e)})
        headers = {"Content-Type": "application/json"}
        if key_prefix:
            key = f"{key_prefix}-{hashlib.sha256(data).hexdigest()[:32]}"
            # The server dedupes by content already; the key and the correlation id let an operator match this
            # batch with its events (who/what/when) and are ignored where unsupported.
            headers["Idempotency-Key"] = key
            headers["X-Correlation-Id"] = key
        return self._send("POST", path, data, headers)

    def get(self, path: str) -> Reply:
        return self._send("GET", path, None, {})

    def _send(self, method: str, path: str, data: Optional[bytes], headers: Dict[str, str]) -> Reply:
        headers = dict(headers, **{"Accept": "application/json", "User-Agent": self._client, "X-Tracker-Client": self._client})
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        request = urllib.request.Request(self.url + path, data=data, headers=headers, method=method)
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return Reply(response.status, _decode(response.read()))
        except urllib.error.HTTPError as e:
            try:
                payload = _decode(e.read())
            except (OSError, http.client.HTTPException):
                payload = None
            finally:
                e.close()
            return Reply(e.code, payload, retry_after=parse_retry_after(e.headers.get("Retry-After") if e.headers else None))
        except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as e:
            reason = getattr(e, "reason", None) or e
            return Reply(None, error=f"{type(reason).__name__}: {reason}")


def _decode(raw: bytes) -> Any:
    if not raw:
        return None
    text = raw.decode("utf-8", errors="replace")
    try:
        return json.loads(text)
    except ValueError:
        return text
