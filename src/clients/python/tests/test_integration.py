"""Against a real Tracker server.

With ``TRACKER_TEST_URL`` (and ``TRACKER_TEST_TOKEN`` when it needs one) the tests use that server. Otherwise, when
``TRACKER_TEST_POSTGRES`` and a built server exist (``./ops/test`` provides both), they start ``dotnet
Tracker.Server.dll`` themselves in a schema of their own, with a random admin token, and log with a write token
issued through the API, so real authentication is part of every request. Without either they are skipped.

The outage, throttling and process-exit tests start servers of their own (they stop, restart or limit them), so
they need the second way. Every wait is on a condition with a generous timeout (``realserver.PATIENCE``): nothing
here asserts how fast a loaded machine is.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest
import uuid

import tracker
from tracker import run as run_module
from tracker.identity import run_id_for
from tracker.retry import Backoff

from . import realserver
from .realserver import PATIENCE, ServerProcess, wait_for

CLIENT_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
SKIP = realserver.unavailable()
CAN_START = realserver.can_start()

# The shared target of the tests that only log: url, write token (None: the server needs none), read token.
_target = {"url": None, "write": None, "read": None, "server": None}


def setUpModule():
    if SKIP:
        return
    url = realserver.external_url()
    if url:
        token = os.environ.get("TRACKER_TEST_TOKEN") or None
        _target.update(url=url, write=token, read=token)
        return
    server = ServerProcess().start()
    try:
        _target.update(url=server.url, write=server.issue_token("write"), read=server.issue_token("read", name="py-read"),
                       server=server)
    except BaseException:
        server.close()
        raise


def tearDownModule():
    server = _target.get("server")
    if server is not None:
        server.close()


def events(url, token, run_id):
    """All events of a run, in stream order."""
    items, version = [], 1
    while version is not None:
        status, page, _ = realserver.request(url, "GET", f"/api/v1/runs/{run_id}/events?fromVersion={version}&limit=1000",
                                             token=token)
        if status != 200:
            raise AssertionError(f"events of run {run_id}: {status} {page!r}")
        items.extend(page["items"])
        version = page.get("nextFromVersion")
    return items


def logged_steps(url, token, run_id):
    """Step numbers of the run's StepsLogged events, in the order the server stored them."""
    steps = []
    for event in events(url, token, run_id):
        if event["type"] == "StepsLogged" or event["type"].lower() in ("steps_logged", "stepslogged"):
            steps.extend(s["step"] for s in event["data"]["steps"])
    return steps


class RealServerCase(unittest.TestCase):
    def setUp(self):
        self.spool = tempfile.mkdtemp(prefix="tracker-it-")
        self.addCleanup(shutil.rmtree, self.spool, True)
        self.study = "python-client-it"
        self.name = f"qwen-0.5b-{uuid.uuid4().hex[:8]}"

    def tearDown(self):
        for run in list(run_module._active):
            run.finish(timeout=0)
        run_module._current = None

    def summary(self, run_id, url=None, token=None):
        status, body, _ = realserver.request(url or _target["url"], "GET", f"/api/v1/runs/{run_id}",
                                             token=token or _target["read"])
        self.assertEqual(status, 200, body)
        return body

    def init(self, url=None, token=None, options=None, **kwargs):
        return tracker.init(study=self.study, name=self.name, model="Qwen2.5-0.5B-Instruct", batch_size=64, rollout_n=4,
                            unique_samples=6400, config={"lr": 1e-6}, url=url or _target["url"],
                            token=token or _target["write"], spool_dir=self.spool,
                            options=options or tracker.Options(flush_interval=0.2, finish_timeout=PATIENCE), **kwargs)

    def spooled_files(self, run):
        if not os.path.isdir(run.spool_dir):
            return []
        return [f for f in os.listdir(run.spool_dir) if f.endswith(".jsonl") and f != "rejected.jsonl"]


@unittest.skipIf(SKIP, SKIP or "")
class RealServerTests(RealServerCase):
    def test_a_small_run_round_trips(self):
        run = self.init()
        for step in range(1, 6):
            run.log({"reward": 0.2 + 0.05 * step, "loss": 0.01, "tokens": 100_000, "actor/kl_loss": 0.001 * step}, step=step)
        run.log_eval(step=5, dataset="holdout", pass_at_1=0.3, problems=100)
        run.log_eval(step=5, dataset="aime", pass_at_1=0.1, problems=30)
        self.assertTrue(run.finish(timeout=PATIENCE), run.stats)
        self.assertEqual((run.stats["rejected"], run.stats["invalid"], run.stats["dropped"]), (0, 0, 0))

        summary = self.summary(run.id)
        self.assertEqual((summary["runId"], summary["study"], summary["name"]), (run.id, self.study, self.name))
        self.assertEqual(summary["model"]["parameters"], 0.5e9)  # parsed by the server from the model name
        self.assertEqual((summary["stepCount"], summary["lastStep"], summary["lastReward"]), (5, 5, 0.45))
        self.assertEqual(summary["tokensConsumed"], 500_000)
        self.assertEqual(summary["lastEvaluations"]["holdout"]["passAt1"], 0.3)
        self.assertEqual(summary["lastEvaluations"]["aime"]["passAt1"], 0.1)
        self.assertEqual(summary["status"].lower(), "completed")
        self.assertEqual(logged_steps(_target["url"], _target["read"], run.id), [1, 2, 3, 4, 5])

        again = self.init()  # a restarted job: same run, registration and resent steps are duplicates
        again.log({"reward": 0.7}, step=6)
        self.assertTrue(again.finish(timeout=PATIENCE))
        self.assertEqual(again.id, run.id)
        self.assertEqual(self.summary(run.id)["lastStep"], 6)

    def test_many_steps_in_several_batches_arrive_once_and_in_order(self):
        run = self.init(options=tracker.Options(flush_interval=0.2, batch_size=250, finish_timeout=PATIENCE))
        for step in range(1, 2001):
            run.log({"reward": step / 2000, "loss": 1.0 / step, "tokens": 1000, "actor/entropy": 0.5}, step=step)
        self.assertTrue(run.finish(timeout=PATIENCE), run.stats)
        self.assertEqual(run.stats["accepted"], 2000 + 1 + 1)  # steps, the registration, the finish
        summary = self.summary(run.id)
        self.assertEqual((summary["stepCount"], summary["lastStep"], summary["lastReward"]), (2000, 2000, 1.0))
        self.assertEqual(logged_steps(_target["url"], _target["read"], run.id), list(range(1, 2001)))

    def test_the_client_derives_the_run_id_the_server_derives(self):
        status, view, _ = realserver.request(_target["url"], "POST", "/api/v1/runs", {"study": self.study, "name": self.name},
                                             token=_target["write"])
        self.assertEqual(status, 201, view)
        self.assertEqual(view["runId"], run_id_for(self.study, self.name))

    def test_a_wrong_token_keeps_everything_in_the_spool(self):
        if _target["write"] is None:
            self.skipTest("the server needs no token")
        run = self.init(token="trk_not-a-real-token")
        run.log({"reward": 0.5}, step=1)
        self.assertFalse(run.finish(timeout=PATIENCE))
        self.assertIn("401", run.stats["last_error"] or "")
        self.assertTrue(self.spooled_files(run))


EXIT_SCRIPT = textwrap.dedent("""
    import sys
    import tracker
    url, token, spool, study, name, steps, mode, patience = sys.argv[1:9]
    tracker.init(study=study, name=name, model_size="7B", url=url, token=token, spool_dir=spool,
                 options=tracker.Options(flush_interval=0.2, batch_size=100, finish_timeout=float(patience)))
    for step in range(1, int(steps) + 1):
        tracker.log({"reward": step / 1000, "loss": 0.5, "tokens": 10}, step=step)
    tracker.log_eval(step=int(steps), dataset="holdout", pass_at_1=0.25, problems=50)
    if mode == "raise":
        raise RuntimeError("the reward model went away")
    # mode "exit": the script ends without tracker.finish(); the exit hook finishes the run
""")


@unittest.skipIf(SKIP, SKIP or "")
class ProcessExitTests(RealServerCase):
    """A job that ends without finish(): the exit hook delivers what is queued and finishes the run, as
    ``completed`` after a normal exit and ``failed`` (with the exception as reason) after an uncaught exception."""

    def run_child(self, mode, steps=700):
        env = dict(os.environ)
        env["PYTHONPATH"] = CLIENT_DIR + os.pathsep + env.get("PYTHONPATH", "")
        for key in ("TRACKER_URL", "TRACKER_TOKEN", "TRACKER_MODE", "TRACKER_RUN_ID"):
            env.pop(key, None)
        args = [sys.executable, "-c", EXIT_SCRIPT, _target["url"], _target["write"] or "", self.spool, self.study,
                self.name, str(steps), mode, str(PATIENCE)]
        child = subprocess.run(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=PATIENCE * 3)
        return child, run_id_for(self.study, self.name)

    def test_a_normal_exit_delivers_everything_and_completes_the_run(self):
        child, run_id = self.run_child("exit")
        self.assertEqual(child.returncode, 0, child.stderr.decode(errors="replace"))
        summary = self.summary(run_id)
        self.assertEqual((summary["stepCount"], summary["lastStep"]), (700, 700))
        self.assertEqual(summary["lastEvaluations"]["holdout"]["passAt1"], 0.25)
        self.assertEqual(summary["status"].lower(), "completed")
        self.assertEqual(logged_steps(_target["url"], _target["read"], run_id), list(range(1, 701)))
        self.assertFalse(os.listdir(os.path.join(self.spool, run_id)) if os.path.isdir(os.path.join(self.spool, run_id)) else [])

    def test_an_uncaught_exception_delivers_everything_and_fails_the_run(self):
        child, run_id = self.run_child("raise")
        self.assertNotEqual(child.returncode, 0)
        self.assertIn(b"the reward model went away", child.stderr)
        summary = self.summary(run_id)
        self.assertEqual((summary["stepCount"], summary["lastStep"]), (700, 700))
        self.assertEqual(summary["status"].lower(), "failed")
        self.assertIn("RuntimeError: the reward model went away", summary["statusReason"] or "")


def _options(**overrides):
    values = dict(flush_interval=0.2, batch_size=100, spill_interval=0.5, timeout=PATIENCE / 2, finish_timeout=PATIENCE * 2,
                  backoff=Backoff(base=0.2, cap=1.0))
    values.update(overrides)
    return tracker.Options(**values)


@unittest.skipUnless(CAN_START, "needs TRACKER_TEST_POSTGRES and a built server (./ops/test provides both)")
class ServerOutageTests(RealServerCase):
    def test_steps_logged_while_the_server_is_down_arrive_once_and_in_order_after_it_restarts(self):
        server = ServerProcess().start()
        self.addCleanup(server.close)
        token = server.issue_token("write")
        run = self.init(url=server.url, token=token, options=_options())
        for step in range(1, 301):
            run.log({"reward": step / 1000, "loss": 0.5, "tokens": 100}, step=step)
        self.assertTrue(run.flush(PATIENCE), run.stats)

        server.stop()
        for step in range(301, 1501):  # log() only queues: the sender finds the server gone and spills to disk
            run.log({"reward": step / 1000, "loss": 0.5, "tokens": 100}, step=step)
        run.log_eval(step=1500, dataset="holdout", pass_at_1=0.5, problems=10)
        wait_for(lambda: run.pending() == 0 and run.stats["spooled"] > 0 and self.spooled_files(run),
                 what=f"the records logged during the outage to reach the spool ({run.stats})")
        self.assertGreater(run.stats["retries"], 0)
        self.assertFalse(run.flush(0.5))  # nothing can be delivered yet

        server.start()  # same schema, same port, same admin token: a restarted server
        self.assertTrue(run.finish(timeout=PATIENCE * 2), run.stats)
        self.assertEqual((run.stats["rejected"], run.stats["dropped"]), (0, 0))
        self.assertEqual(self.spooled_files(run), [])

        summary = self.summary(run.id, url=server.url, token=server.admin_token)
        self.assertEqual((summary["stepCount"], summary["lastStep"], summary["lastReward"]), (1500, 1500, 1.5))
        self.assertEqual(summary["lastEvaluations"]["holdout"]["passAt1"], 0.5)
        self.assertEqual(summary["status"].lower(), "completed")
        self.assertEqual(logged_steps(server.url, server.admin_token, run.id), list(range(1, 1501)))


@unittest.skipUnless(CAN_START, "needs TRACKER_TEST_POSTGRES and a built server (./ops/test provides both)")
class ThrottlingTests(RealServerCase):
    def test_a_server_answering_429_gets_everything_at_the_pace_it_asks_for(self):
        server = ServerProcess(extra_env={"Tracker__Limits__WritesPerSecond": "1", "Tracker__Limits__WriteBurst": "1"}).start()
        self.addCleanup(server.close)
        token = server.issue_token("write")
        # 12 step requests plus registration, evaluation and finish at one write per second: many answers are 429.
        run = self.init(url=server.url, token=token, options=_options(batch_size=50, backoff=Backoff(base=0.05, cap=0.2)))
        for step in range(1, 601):
            run.log({"reward": step / 1000, "loss": 0.5, "tokens": 100}, step=step)
        run.log_eval(step=600, dataset="holdout", pass_at_1=0.4, problems=10)
        self.assertTrue(run.finish(timeout=PATIENCE * 2), run.stats)
        stats = run.stats
        self.assertGreater(stats["retries"], 0, stats)
        self.assertIn("429", stats["last_error"] or "", stats)
        # The wait was the server's Retry-After (whole seconds), not the client's 0.05-0.2 s backoff.
        self.assertGreaterEqual(stats["last_retry_delay"], 1.0, stats)
        self.assertEqual(stats["last_retry_delay"], int(stats["last_retry_delay"]), stats)
        self.assertEqual((stats["rejected"], stats["dropped"]), (0, 0))

        summary = self.summary(run.id, url=server.url, token=server.admin_token)
        self.assertEqual((summary["stepCount"], summary["lastStep"]), (600, 600))
        self.assertEqual(summary["lastEvaluations"]["holdout"]["passAt1"], 0.4)
        self.assertEqual(summary["status"].lower(), "completed")
        self.assertEqual(logged_steps(server.url, server.admin_token, run.id), list(range(1, 601)))


if __name__ == "__main__":
    unittest.main()
