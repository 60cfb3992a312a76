"""A small in-process Tracker for the client tests: answers the native API like the real server (201/200/409 on
registration, accepted/duplicate counts, 409 for a conflicting step, 404 for an unknown run), records every
request, and can be told to fail: scripted statuses (503, 429 with Retry-After, 400, 401, ...), hanging until
released, or being stopped altogether (connection refused) and started again on the same port."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Deque, Dict, List, Optional


@dataclass
class Request:
    method: str
    path: str
    headers: Dict[str, str]
    body: Any
    at: float = field(default_factory=time.monotonic)


@dataclass
class Failure:
    """A scripted answer for the next matching request."""

    status: int
    path_contains: str = ""
    retry_after: Optional[str] = None
    title: str = "Scripted failure"
    detail: str = "scripted by the test"


class FakeTracker:
    def __init__(self) -> None:
        self.requests: List[Request] = []
        self.runs: Dict[str, Dict[str, Any]] = {}
        self.failures: Deque[Failure] = deque()
        self.refuse: Optional[Callable[[str, Any], Optional[Failure]]] = None  # content-based refusals
        self.hanging = threading.Event()  # set: requests wait until release() (or stop())
        self._released = threading.Event()
        self._lock = threading.Lock()
        self._server: Optional[ThreadingHTTPServer] = None
        self.port = 0
        self.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # ---- lifecycle -------------------------------------------------------------------------------------------

    def start(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                fake._handle(self, "GET")

            def do_POST(self) -> None:  # noqa: N802
                fake._handle(self, "POST")

            def log_message(self, *args: Any) -> None:
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def stop(self) -> None:
        """Closes the listening socket: new connections are refused."""
        self.release()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def release(self) -> None:
        self.hanging.clear()
        self._released.set()

    def hang(self) -> None:
        self._released.clear()
        self.hanging.set()

    def fail(self, status: int, times: int = 1, **kwargs: Any) -> None:
        for _ in range(times):
            self.failures.append(Failure(status, **kwargs))

    # ---- queries ---------------------------------------------------------------------------------------------

    def posts(self, suffix: str) -> List[Request]:
        with self._lock:
            return [r for r in self.requests if r.method == "POST" and r.path.endswith(suffix)]

    def stored_steps(self, run_id: str) -> List[int]:
        """Steps in the order the server stored them."""
        with self._lock:
            return list(self.runs.get(run_id, {}).get("order", []))

    def step(self, run_id: str, step: int) -> Dict[str, Any]:
        with self._lock:
            return self.runs[run_id]["steps"][step]

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
        """Polls until predicate() holds; an upper bound only, so a slow machine cannot make a test fail early."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.01)
        return predicate()

    # ---- the API ---------------------------------------------------------------------------------------------

    def _handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        request = Request(method, h.path, {k.lower(): v for k, v in h.headers.items()}, body)
        with self._lock:
            self.requests.append(request)
        if self.hanging.is_set():
            self._released.wait(30)
        failure = self._next_failure(h.path, body)
        if failure is not None:
            headers = {"Retry-After": failure.retry_after} if failure.retry_after is not None else {}
            return self._reply(h, failure.status, {"title": failure.title, "status": failure.status, "detail": failure.detail}, headers)
        status, answer = self._answer(method, h.path, body)
        self._reply(h, status, answer)

    def _next_failure(self, path: str, body: Any) -> Optional[Failure]:
        with self._lock:
            for f in list(self.failures):
                if f.path_contains in path:
                    self.failures.remove(f)
                    return f
        return self.refuse(path, body) if self.refuse else None

    def _answer(self, method: str, path: str, body: Any):
        parts = path.split("?")[0].strip("/").split("/")  # api v1 runs [id] [action]
        if parts[:3] != ["api", "v1", "runs"]:
            return 404, {"title": "Not found", "status": 404}
        with self._lock:
            if method == "POST" and len(parts) == 3:
                return self._register(body)
            run = self.runs.get(parts[3]) if len(parts) > 3 else None
            if run is None:
                return 404, {"title": "Unknown run", "status": 404, "detail": f"run {parts[3] if len(parts) > 3 else ''} is not registered"}
            if method == "GET" and len(parts) == 4:
                return 200, {"runId": parts[3], "status": run["status"], "lastStep": max(run["steps"], default=None)}
            action = parts[4] if len(parts) > 4 else ""
            if action == "steps":
                return self._items(parts[3], run, body.get("steps") or [], "steps", lambda s: s["step"], "Conflicting step",
                                   lambda s: f"step {s['step']} is already stored with different values; steps are immutable")
            if action == "evaluations":
                return self._items(parts[3], run, body.get("evaluations") or [], "evaluations", lambda e: (e["step"], e["dataset"]),
                                   "Conflicting evaluation", lambda e: f"the evaluation of dataset '{e['dataset']}' at step {e['step']} is already stored with different values")
            if action == "finish":
                if run["status"] == "running":
                    run["status"] = body["status"]
                    run["reason"] = body.get("reason")
                elif run["status"] != body["status"]:
                    return 409, {"title": "Run already finished", "status": 409, "detail": f"run already finished as {run['status']}"}
                return 200, {"runId": parts[3], "status": run["status"]}
        return 404, {"title": "Not found", "status": 404}

    def _register(self, body: Dict[str, Any]):
        rid = body["runId"]
        existing = self.runs.get(rid)
        if existing is None:
            self.runs[rid] = {"registration": body, "steps": {}, "order": [], "evaluations": {}, "status": "running"}
            return 201, {"runId": rid, "status": "running"}
        if existing["registration"] == body:
            return 200, {"runId": rid, "status": existing["status"]}
        return 409, {"title": "Run already registered", "status": 409, "detail": f"run {rid} is already registered with a different body (config differs)"}

    @staticmethod
    def _items(rid: str, run: Dict[str, Any], items: List[Dict[str, Any]], store: str, key, title: str, detail):
        target = run[store]
        fresh, duplicates, seen = [], 0, {}
        for item in items:
            k = key(item)
            stored = target.get(k, seen.get(k))
            if stored is not None:
                if stored != item:
                    return 409, {"title": title, "status": 409, "detail": detail(item)}
                duplicates += 1
                continue
            seen[k] = item
            fresh.append(item)
        for item in fresh:
            target[key(item)] = item
            if store == "steps":
                run["order"].append(item["step"])
        return 200, {"runId": rid, "accepted": len(fresh), "duplicates": duplicates}

    @staticmethod
    def _reply(h: BaseHTTPRequestHandler, status: int, body: Any, headers: Optional[Dict[str, str]] = None) -> None:
        data = json.dumps(body).encode("utf-8")
        try:
            h.send_response(status)
            h.send_header("Content-Type", "application/problem+json" if status >= 400 else "application/json")
            h.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                h.send_header(k, v)
            h.end_headers()
            h.wfile.write(data)
        except OSError:
            pass
