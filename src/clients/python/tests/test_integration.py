"""Against a real Tracker: runs only when TRACKER_TEST_URL is set (e.g. http://127.0.0.1:5080 with ./ops/up
running); TRACKER_TEST_TOKEN is sent as the bearer token when the server requires one."""

import json
import os
import shutil
import tempfile
import unittest
import urllib.request
import uuid

import tracker
from tracker import run as run_module
from tracker.identity import run_id_for

URL = os.environ.get("TRACKER_TEST_URL")
TOKEN = os.environ.get("TRACKER_TEST_TOKEN")


@unittest.skipUnless(URL, "set TRACKER_TEST_URL to run against a real Tracker")
class RealServerTests(unittest.TestCase):
    def setUp(self):
        self.spool = tempfile.mkdtemp(prefix="tracker-it-")
        self.addCleanup(shutil.rmtree, self.spool, True)
        self.study = "python-client-it"
        self.name = f"qwen-0.5b-{uuid.uuid4().hex[:8]}"

    def tearDown(self):
        for run in list(run_module._active):
            run.finish(timeout=0)
        run_module._current = None

    def call(self, method, path, body=None):
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if TOKEN:
            headers["Authorization"] = f"Bearer {TOKEN}"
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(URL.rstrip("/") + path, data=data, headers=headers, method=method)
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())

    def init(self, **kwargs):
        return tracker.init(study=self.study, name=self.name, model="Qwen2.5-0.5B-Instruct", batch_size=64, rollout_n=4,
                            unique_samples=6400, config={"lr": 1e-6}, url=URL, token=TOKEN, spool_dir=self.spool,
                            options=tracker.Options(flush_interval=0.2), **kwargs)

    def test_a_small_run_round_trips(self):
        run = self.init()
        for step in range(1, 6):
            run.log({"reward": 0.2 + 0.05 * step, "loss": 0.01, "tokens": 100_000, "actor/kl_loss": 0.001 * step}, step=step)
        run.log_eval(step=5, dataset="holdout", pass_at_1=0.3, problems=100)
        self.assertTrue(run.finish(timeout=60), run.stats)
        self.assertEqual((run.stats["rejected"], run.stats["invalid"], run.stats["dropped"]), (0, 0, 0))

        status, summary = self.call("GET", f"/api/v1/runs/{run.id}")
        self.assertEqual(status, 200)
        self.assertEqual((summary["runId"], summary["study"], summary["name"]), (run.id, self.study, self.name))
        self.assertEqual(summary["model"]["parameters"], 0.5e9)  # parsed by the server from the model name
        self.assertEqual((summary["stepCount"], summary["lastStep"], summary["lastReward"]), (5, 5, 0.45))
        self.assertEqual(summary["tokensConsumed"], 500_000)
        self.assertEqual(summary["lastEvaluations"]["holdout"]["passAt1"], 0.3)
        self.assertEqual(summary["status"].lower(), "completed")

        again = self.init()  # a restarted job: same run, registration and resent steps are duplicates
        again.log({"reward": 0.7}, step=6)
        self.assertTrue(again.finish(timeout=60))
        self.assertEqual(again.id, run.id)
        self.assertEqual(self.call("GET", f"/api/v1/runs/{run.id}")[1]["lastStep"], 6)

    def test_the_client_derives_the_run_id_the_server_derives(self):
        status, view = self.call("POST", "/api/v1/runs", {"study": self.study, "name": self.name})
        self.assertEqual(status, 201)
        self.assertEqual(view["runId"], run_id_for(self.study, self.name))


if __name__ == "__main__":
    unittest.main()
