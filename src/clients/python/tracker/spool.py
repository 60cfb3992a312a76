"""The on-disk spool: records the server has not confirmed yet, kept in order until it can take them.

Layout: one directory per run (``<root>/<run id>/``) holding segments named ``<seq:012d>-<writer>.jsonl``, one
record per line (``{"kind": ..., "body": ...}``), delivered oldest first. Sequence numbers are reserved by the
sender when a batch leaves memory, so a batch that fails after newer records were spilled still sorts before
them. Segments are written to a temporary name and renamed, so a crash never leaves half a segment behind.

Several processes may share a run's directory (a restarted job, ``python -m tracker sync``): the writer part of
the name keeps their segments apart, a new process numbers after the highest segment it finds, and if two of
them deliver the same segment the server counts the second copy as duplicates.

Records the server refuses for their content go to ``rejected.jsonl`` with the reason, for inspection; they are
never retried.
"""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import threading
import time
import uuid
from typing import Any, Dict, List, Optional

log = logging.getLogger("tracker")

_SEGMENT = re.compile(r"^(\d{12})-[A-Za-z0-9_.-]+\.jsonl$")
REJECTED = "rejected.jsonl"


def default_root() -> str:
    """``$TRACKER_SPOOL_DIR``, else ``$XDG_CACHE_HOME/tracker/spool``, else ``~/.cache/tracker/spool``."""
    configured = os.environ.get("TRACKER_SPOOL_DIR")
    if configured:
        return os.path.expanduser(configured)
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(cache, "tracker", "spool")


class Spool:
    """Segments of one run's undelivered records. Thread-safe; never raises on IO errors (it logs and reports
    failure instead), because a full or read-only disk must not stop training."""

    def __init__(self, directory: str, max_bytes: int = 1 << 30):
        self.directory = directory
        self.max_bytes = max_bytes
        host = re.sub(r"[^A-Za-z0-9_.-]", "_", socket.gethostname())[:40] or "host"
        self._writer = f"{host}.{os.getpid()}.{uuid.uuid4().hex[:6]}"
        self._lock = threading.Lock()
        self._warned_full = False
        self._usable = self._prepare()
        existing = self.segments()
        self._next_seq = (max((_seq(p) for p in existing), default=0)) + 1
        self._bytes = sum(_size(p) for p in existing)

    def _prepare(self) -> bool:
        try:
            os.makedirs(self.directory, mode=0o700, exist_ok=True)
            return True
        except OSError as e:
            log.error("tracker: cannot create the spool directory %s (%s); undelivered records cannot be kept on disk", self.directory, e)
            return False

    def reserve(self) -> int:
        """The next sequence number: taken when records leave memory, so their place in the order is fixed."""
        with self._lock:
            seq = self._next_seq
            self._next_seq += 1
            return seq

    def segments(self) -> List[str]:
        """Paths of the segments, oldest first."""
        try:
            names = os.listdir(self.directory)
        except OSError:
            return []
        return [os.path.join(self.directory, n) for n in sorted(n for n in names if _SEGMENT.match(n))]

    def write(self, seq: int, records: List[Dict[str, Any]]) -> bool:
        """Writes a segment atomically; False (and an error in the log) if it could not be kept."""
        if not records:
            return True
        if not self._usable:
            self._usable = self._prepare()
            if not self._usable:
                return False
        try:
            data = _encode(records)
        except (TypeError, ValueError) as e:  # records are sanitised before they get here; a bug must not crash training
            log.error("tracker: could not encode %d records for the spool (%s)", len(records), e)
            return False
        with self._lock:
            if self._bytes + len(data) > self.max_bytes:
                if not self._warned_full:
                    self._warned_full = True
                    log.error("tracker: the spool %s is full (%d bytes, limit %d); newer records are dropped until the server takes the older ones",
                              self.directory, self._bytes, self.max_bytes)
                return False
            self._bytes += len(data)
        path = os.path.join(self.directory, f"{seq:012d}-{self._writer}.jsonl")
        temp = os.path.join(self.directory, f".{seq:012d}-{self._writer}.tmp")
        try:
            with open(temp, "wb") as f:
                f.write(data)
            os.replace(temp, path)
            return True
        except OSError as e:
            with self._lock:
                self._bytes -= len(data)
            log.error("tracker: could not write %d records to the spool %s (%s)", len(records), self.directory, e)
            _unlink(temp)
            return False

    def read(self, path: str) -> Optional[List[Dict[str, Any]]]:
        """The records of a segment; None if it is gone (another process delivered it). Unreadable lines are
        moved to ``rejected.jsonl`` rather than blocking the segments behind them forever."""
        try:
            with open(path, "r", encoding="utf-8") as f:
                lines = f.readlines()
        except FileNotFoundError:
            return None
        except OSError as e:
            log.error("tracker: cannot read the spool segment %s (%s)", path, e)
            return None
        records, broken = [], []
        for line in lines:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if isinstance(record, dict) and "kind" in record and "body" in record:
                    records.append(record)
                    continue
            except ValueError:
                pass
            broken.append(line.strip())
        if broken:
            self.reject([{"kind": "unreadable", "body": b} for b in broken], f"unreadable line in {os.path.basename(path)}")
        return records

    def replace(self, path: str, records: List[Dict[str, Any]]) -> None:
        """Keeps only ``records`` (the undelivered tail) in a segment, so a half-delivered segment is not resent whole."""
        if not records:
            self.remove(path)
            return
        data = _encode(records)
        temp = path + ".tmp"
        before = _size(path)
        try:
            with open(temp, "wb") as f:
                f.write(data)
            os.replace(temp, path)
            with self._lock:
                self._bytes += len(data) - before
        except OSError as e:
            _unlink(temp)
            log.warning("tracker: could not shorten the spool segment %s (%s); delivered records will be resent as duplicates", path, e)

    def remove(self, path: str) -> None:
        size = _size(path)
        if _unlink(path):
            with self._lock:
                self._bytes = max(0, self._bytes - size)
                self._warned_full = False

    def reject(self, records: List[Dict[str, Any]], reason: str) -> None:
        """Appends refused records with the reason to ``rejected.jsonl``: kept for a human, never resent."""
        if not records or not self._usable:
            return
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        try:
            with open(os.path.join(self.directory, REJECTED), "a", encoding="utf-8") as f:
                for r in records:
                    f.write(json.dumps({"at": stamp, "reason": reason, **r}, allow_nan=False, default=str) + "\n")
        except OSError as e:
            log.error("tracker: could not keep %d refused records in %s (%s)", len(records), self.directory, e)

    @property
    def size(self) -> int:
        with self._lock:
            return self._bytes


def _encode(records: List[Dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, allow_nan=False, separators=(",", ":")) + "\n" for r in records).encode("utf-8")


def _seq(path: str) -> int:
    match = _SEGMENT.match(os.path.basename(path))
    return int(match.group(1)) if match else 0


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _unlink(path: str) -> bool:
    try:
        os.unlink(path)
        return True
    except FileNotFoundError:
        return False
    except OSError as e:
        log.warning("tracker: could not remove %s (%s)", path, e)
        return False
