"""A real Tracker server for the integration tests, started and stopped by the tests themselves.

Two ways to get one:

- ``TRACKER_TEST_URL`` (with ``TRACKER_TEST_TOKEN`` if it needs one): a server someone else runs (``./ops/up``);
- ``TRACKER_TEST_POSTGRES`` (an Npgsql connection string, exported by ``./ops/test``) and a built server
  (``TRACKER_TEST_SERVER_DLL``, else ``src/Tracker.Server/bin/Release/net10.0/Tracker.Server.dll`` of this
  repository): the tests run ``dotnet Tracker.Server.dll`` on a free loopback port, in a schema of their own
  (``py_<random>``, created by Marten), with a random admin token, and issue a write token through the API.

``unavailable()`` says why neither exists (the tests are then skipped, not failed).
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from typing import Any, Dict, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
DEFAULT_DLL = os.path.join(REPO, "src", "Tracker.Server", "bin", "Release", "net10.0", "Tracker.Server.dll")

#: Seconds a condition may take on a loaded two-core machine (server start, delivery after an outage).
PATIENCE = float(os.environ.get("TRACKER_TEST_PATIENCE", "60"))
#: A first start creates the schema (tables, functions) and compiles a lot: give it longer.
START_PATIENCE = max(PATIENCE, 120.0)


def external_url() -> Optional[str]:
    return os.environ.get("TRACKER_TEST_URL") or None


def server_dll() -> Optional[str]:
    path = os.environ.get("TRACKER_TEST_SERVER_DLL") or DEFAULT_DLL
    return path if os.path.isfile(path) else None


def postgres() -> Optional[str]:
    return os.environ.get("TRACKER_TEST_POSTGRES") or None


def can_start() -> bool:
    return bool(postgres() and server_dll() and shutil.which("dotnet"))


def unavailable() -> Optional[str]:
    """None when the tests have a server; otherwise why not (the skip reason)."""
    if external_url() or can_start():
        return None
    missing = []
    if not postgres():
        missing.append("TRACKER_TEST_POSTGRES")
    if not server_dll():
        missing.append(f"a built server ({DEFAULT_DLL} or TRACKER_TEST_SERVER_DLL)")
    if not shutil.which("dotnet"):
        missing.append("dotnet")
    return "needs TRACKER_TEST_URL, or " + " and ".join(missing) + " (./ops/test provides them)"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, timeout: float = PATIENCE, interval: float = 0.2, what: str = "condition") -> Any:
    """Polls ``condition`` until it returns something truthy; AssertionError after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while True:
        last = condition()
        if last:
            return last
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what} (last: {last!r})")
        time.sleep(interval)


def request(url: str, method: str, path: str, body: Any = None, token: Optional[str] = None,
            timeout: float = 30.0) -> Tuple[int, Any, Dict[str, str]]:
    """One HTTP request; (status, parsed JSON or None, headers). Never raises for an HTTP status."""
    headers = {"Accept": "application/json"}
    data = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body).encode()
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url.rstrip("/") + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            status, raw, hdrs = response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as e:
        status, raw, hdrs = e.code, e.read(), dict(e.headers or {})
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = raw.decode(errors="replace")
    return status, parsed, hdrs


class ServerProcess:
    """``dotnet Tracker.Server.dll`` on 127.0.0.1:``port`` in PostgreSQL schema ``schema``. ``start()`` waits for
    /health/ready; ``stop()`` terminates (then kills) it. Start and stop may repeat: same port, same schema."""

    def __init__(self, schema: Optional[str] = None, port: Optional[int] = None,
                 admin_token: Optional[str] = None, extra_env: Optional[Dict[str, str]] = None):
        dll, pg = server_dll(), postgres()
        if not dll or not pg:
            raise RuntimeError(unavailable() or "no server")
        self.dll = dll
        self.postgres = pg
        self.schema = schema or f"py_{uuid.uuid4().hex[:12]}"
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.admin_token = admin_token or f"trk_{uuid.uuid4().hex}{uuid.uuid4().hex}"
        self.extra_env = dict(extra_env or {})
        self.log_dir = tempfile.mkdtemp(prefix="tracker-server-log-")
        self.starts = 0
        self._process: Optional[subprocess.Popen] = None
        self._log_path: Optional[str] = None

    def start(self) -> "ServerProcess":
        if self.running:
            return self
        env = dict(os.environ)
        for key in [k for k in env if k.startswith(("Tracker__", "ConnectionStrings__"))]:
            del env[key]
        pg = self.postgres if self.postgres.rstrip().endswith(";") else self.postgres + ";"
        env.update({
            "ConnectionStrings__Marten": pg,
            "Tracker__Schema": self.schema,
            "ASPNETCORE_ENVIRONMENT": "Testing",
            "Tracker__Auth__AdminToken": self.admin_token,
            "DOTNET_CLI_TELEMETRY_OPTOUT": "1",
            "DOTNET_NOLOGO": "1",
        })
        env.update(self.extra_env)
        self.starts += 1
        _started.add(self)
        self._log_path = os.path.join(self.log_dir, f"server-{self.starts}.log")
        log = open(self._log_path, "wb")
        try:
            self._process = subprocess.Popen(["dotnet", self.dll, "--urls", self.url], env=env, stdout=log,
                                             stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                             cwd=os.path.dirname(self.dll))
        finally:
            log.close()
        deadline = time.monotonic() + START_PATIENCE
        while True:
            if self._process.poll() is not None:
                raise RuntimeError(f"the server exited with {self._process.returncode} while starting:\n{self.log_tail()}")
            try:
                status, _, _ = request(self.url, "GET", "/health/ready", timeout=5)
                if status == 200:
                    return self
            except (OSError, urllib.error.URLError):
                pass
            if time.monotonic() >= deadline:
                self.stop()
                raise RuntimeError(f"the server was not ready after {START_PATIENCE:.0f} s:\n{self.log_tail()}")
            time.sleep(0.25)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)

    def close(self) -> None:
        _started.discard(self)
        self.stop()
        drop_schema(self.postgres, self.schema)
        shutil.rmtree(self.log_dir, ignore_errors=True)

    def log_tail(self, chars: int = 4000) -> str:
        try:
            with open(self._log_path or "", encoding="utf-8", errors="replace") as f:
                return f.read()[-chars:]
        except OSError:
            return "(no server log)"

    def call(self, method: str, path: str, body: Any = None, token: Optional[str] = None) -> Tuple[int, Any, Dict[str, str]]:
        return request(self.url, method, path, body, token or self.admin_token)

    def issue_token(self, scope: str = "write", name: str = "py", project: str = "default") -> str:
        status, body, _ = self.call("POST", f"/api/v1/projects/{project}/tokens", {"name": name, "scope": scope})
        if status != 201 or not isinstance(body, dict) or not body.get("token"):
            raise RuntimeError(f"issuing a {scope} token answered {status}: {body!r}")
        return body["token"]


_started: "set[ServerProcess]" = set()


@atexit.register
def _stop_all() -> None:
    """A test run interrupted before its cleanups (Ctrl-C) must not leave servers behind."""
    for server in list(_started):
        try:
            server.close()
        except Exception:
            pass


def drop_schema(connection_string: str, schema: str) -> None:
    """Best effort: drops the run's schema with psql when it is on the PATH (ops/test throws the cluster away anyway)."""
    psql = shutil.which("psql")
    if not psql or not schema.startswith("py_") or not schema.replace("_", "").isalnum():
        return
    parts = {}
    for item in connection_string.split(";"):
        if "=" in item:
            k, v = item.split("=", 1)
            parts[k.strip().lower()] = v.strip()
    env = dict(os.environ)
    if "password" in parts:
        env["PGPASSWORD"] = parts["password"]
    args = [psql, "-X", "-q", "-h", parts.get("host", "127.0.0.1"), "-p", parts.get("port", "5432"),
            "-U", parts.get("username", parts.get("user id", "postgres")), "-d", parts.get("database", "postgres"),
            "-c", f"drop schema if exists {schema} cascade"]
    try:
        subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        pass
