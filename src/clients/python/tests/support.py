"""Shared test scaffolding: a fake server, a private spool directory, fast options, and a clean module state."""

from __future__ import annotations

import glob
import json
import os
import shutil
import tempfile
import unittest
from typing import Any, Dict, List

import tracker
from tracker import run as run_module
from tracker.retry import Backoff

from .fakeserver import FakeTracker


def fast_options(**overrides: Any) -> tracker.Options:
    """Short intervals and a deterministic backoff (no jitter), so tests finish quickly and reproducibly."""
    values: Dict[str, Any] = dict(flush_interval=0.05, batch_size=1000, max_queue=10_000, spill_interval=0.2, timeout=5.0,
                                  finish_timeout=10.0, backoff=Backoff(base=0.02, cap=0.2, jitter=0.0))
    values.update(overrides)
    return tracker.Options(**values)


class ClientTestCase(unittest.TestCase):
    def setUp(self) -> None:
        self.server = FakeTracker()
        self.spool_root = tempfile.mkdtemp(prefix="tracker-spool-")
        self._env = {k: os.environ.pop(k) for k in list(os.environ) if k.startswith(("TRACKER_", "MLFLOW_"))}

    def tearDown(self) -> None:
        for run in list(run_module._active):
            run.finish(timeout=0)
        run_module._current = None
        self.server.stop()
        shutil.rmtree(self.spool_root, ignore_errors=True)
        for k in [k for k in os.environ if k.startswith(("TRACKER_", "MLFLOW_"))]:
            del os.environ[k]
        os.environ.update(self._env)

    def init(self, study: str = "sweep", name: str = "7b-seed0", **kwargs: Any) -> tracker.Run:
        kwargs.setdefault("url", self.server.url)
        kwargs.setdefault("spool_dir", self.spool_root)
        kwargs.setdefault("options", fast_options())
        return tracker.init(study=study, name=name, **kwargs)

    def spooled(self, run: tracker.Run) -> List[Dict[str, Any]]:
        """The records in the run's spool segments, in delivery order."""
        records = []
        for path in sorted(glob.glob(os.path.join(run.spool_dir, "*.jsonl"))):
            if os.path.basename(path) == "rejected.jsonl":
                continue
            try:
                with open(path, encoding="utf-8") as f:
                    records.extend(json.loads(line) for line in f if line.strip())
            except FileNotFoundError:
                continue  # delivered and removed by the sender while we looked
        return records

    def rejected(self, run: tracker.Run) -> List[Dict[str, Any]]:
        path = os.path.join(run.spool_dir, "rejected.jsonl")
        if not os.path.exists(path):
            return []
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]

    def step_requests(self) -> List[List[int]]:
        """Step numbers of each steps request, in arrival order."""
        return [[s["step"] for s in r.body["steps"]] for r in self.server.posts("/steps")]
