"""The happy path: registration, batching, merging, ordering, headers, module-level API and modes."""

import contextlib
import io
import logging
import os
import unittest

import tracker
from tracker.identity import run_id_for

from .support import ClientTestCase, fast_options


class LoggingTests(ClientTestCase):
    def test_a_run_reaches_the_server_in_order_with_mapped_fields(self):
        run = self.init(model_size="7B", model="Qwen2.5-7B-Instruct", batch_size=512, rollout_n=8, unique_samples=51200,
                        config={"lr": 1e-6}, tags={"seed": "0"}, options=fast_options(flush_interval=30.0))  # all at finish
        for step in range(1, 4):
            run.log({"reward": 0.1 * step, "loss": 1.0 / step, "tokens": 4.2e6, "actor/kl_loss": 0.001}, step=step)
        run.log_eval(step=3, dataset="holdout", pass_at_1=0.29, problems=500)
        self.assertTrue(run.finish())

        self.assertEqual(run.id, run_id_for("sweep", "7b-seed0"))
        paths = [r.path for r in self.server.requests]
        self.assertEqual(paths, ["/api/v1/runs", f"/api/v1/runs/{run.id}/steps", f"/api/v1/runs/{run.id}/evaluations",
                                 f"/api/v1/runs/{run.id}/finish"])
        registration = self.server.requests[0].body
        self.assertEqual(registration["model"], {"family": "Qwen2.5-7B-Instruct", "parameters": 7e9})
        self.assertEqual(registration["training"], {"batchSize": 512, "rolloutN": 8, "uniqueSamples": 51200})
        self.assertEqual((registration["config"], registration["tags"]), ({"lr": 1e-6}, {"seed": "0"}))
        self.assertEqual(self.server.stored_steps(run.id), [1, 2, 3])
        step = self.server.step(run.id, 2)
        self.assertEqual((step["reward"], step["loss"], step["tokens"], step["metrics"]), (0.2, 0.5, 4.2e6, {"actor/kl_loss": 0.001}))
        self.assertIn("time", step)
        self.assertEqual(self.server.runs[run.id]["evaluations"][(3, "holdout")]["passAt1"], 0.29)
        self.assertEqual(self.server.runs[run.id]["status"], "completed")
        self.assertEqual(run.stats["accepted"], 6)  # registration, 3 steps, 1 evaluation, finish

    def test_a_full_batch_leaves_at_once_and_the_rest_waits_for_the_interval(self):
        run = self.init(options=fast_options(batch_size=10, flush_interval=60.0))
        for step in range(25):
            run.log({"reward": 0.5}, step=step)
        # register + 25 steps: two full batches of ten go without any flush; the last six wait for a tick.
        self.assertTrue(self.server.wait_for(lambda: run.pending() == 6 and len(self.server.stored_steps(run.id)) == 19))
        self.assertEqual(len(self.server.posts("/steps")), 2)
        run.finish()
        self.assertEqual([len(steps) for steps in self.step_requests()], [9, 10, 6])
        self.assertEqual(self.server.stored_steps(run.id), list(range(25)))

    def test_records_go_out_at_the_next_tick_without_flush(self):
        run = self.init(options=fast_options(flush_interval=0.05))
        for step in range(3):
            run.log({"reward": 0.5}, step=step)
        self.assertTrue(self.server.wait_for(lambda: self.server.stored_steps(run.id) == [0, 1, 2]))

    def test_several_logs_of_one_step_become_one_record(self):
        run = self.init(options=fast_options(flush_interval=30.0))  # the step stays open until finish
        run.log({"reward": 0.3}, step=7)
        run.log({"loss": 1.2, "actor/entropy": 0.5}, step=7)
        run.log_eval(step=7, pass_at_1=0.4)
        run.log({"perf/throughput": 900.0}, step=7)  # after an evaluation of the same step: still merged
        run.finish()
        self.assertEqual(self.step_requests(), [[7]])
        step = self.server.step(run.id, 7)
        self.assertEqual((step["reward"], step["loss"], step["metrics"]), (0.3, 1.2, {"actor/entropy": 0.5, "perf/throughput": 900.0}))

    def test_steps_default_to_the_next_one(self):
        run = self.init()
        run.log({"reward": 0.1})
        run.log({"reward": 0.2})
        run.log({"reward": 0.3}, step=10)
        run.log({"reward": 0.4})
        run.finish()
        self.assertEqual(self.server.stored_steps(run.id), [0, 1, 10, 11])

    def test_bad_calls_are_ignored_with_a_warning_not_raised(self):
        run = self.init()
        with self.assertLogs("tracker", logging.WARNING) as logs:
            run.log({"reward": 0.1}, step=-1)
            run.log([("reward", 0.1)], step=1)
            run.log_eval(step=1, pass_at_1=45.0)
        run.finish()
        self.assertEqual(run.stats["invalid"], 3)
        self.assertEqual(len(self.server.posts("/steps")) + len(self.server.posts("/evaluations")), 0)
        self.assertIn("pass_at_1 must be a number in [0, 1]", "\n".join(logs.output))

    def test_bearer_token_client_name_and_a_stable_idempotency_key(self):
        run = self.init(token="s3cret")
        self.server.fail(503, path_contains="/steps")
        run.log({"reward": 0.1}, step=1)
        run.finish()
        steps = self.server.posts("/steps")
        self.assertEqual(len(steps), 2)
        for request in self.server.requests:
            self.assertEqual(request.headers["authorization"], "Bearer s3cret")
            self.assertTrue(request.headers["x-tracker-client"].startswith("tracker-python/"))
        self.assertTrue(steps[0].headers["idempotency-key"].startswith(run.id + "-"))
        self.assertEqual(steps[0].headers["idempotency-key"], steps[1].headers["idempotency-key"])

    def test_token_falls_back_to_mlflow_tracking_token(self):
        os.environ["MLFLOW_TRACKING_TOKEN"] = "from-mlflow"
        self.init().finish()
        self.assertEqual(self.server.requests[0].headers["authorization"], "Bearer from-mlflow")

    def test_no_token_no_authorization_header(self):
        self.init().finish()
        self.assertNotIn("authorization", self.server.requests[0].headers)


class ModuleApiTests(ClientTestCase):
    def test_module_functions_act_on_the_current_run(self):
        run = self.init()
        self.assertIs(tracker.current_run(), run)
        tracker.log({"reward": 0.5}, step=1)
        tracker.log_eval(step=1, dataset="math500", pass_at_1=0.5)
        self.assertTrue(tracker.flush(timeout=10))
        self.assertTrue(tracker.finish("killed", reason="preempted"))
        self.assertEqual(self.server.stored_steps(run.id), [1])
        self.assertEqual((self.server.runs[run.id]["status"], self.server.runs[run.id]["reason"]), ("killed", "preempted"))

    def test_without_init_the_module_functions_say_so(self):
        with self.assertRaises(RuntimeError):
            tracker.log({"reward": 1.0})

    def test_init_needs_study_and_name_and_reads_them_from_the_environment(self):
        with self.assertRaises(ValueError):
            tracker.init(study="s", url=self.server.url, spool_dir=self.spool_root)
        os.environ.update(TRACKER_STUDY="env-study", TRACKER_RUN_NAME="env-name", TRACKER_URL=self.server.url)
        run = tracker.init(spool_dir=self.spool_root, options=fast_options())
        run.finish()
        self.assertEqual((run.study, run.name), ("env-study", "env-name"))
        self.assertEqual(self.server.requests[0].body["study"], "env-study")

    def test_init_of_the_same_run_returns_it_and_another_run_finishes_it(self):
        first = self.init()
        self.assertIs(self.init(), first)
        second = self.init(name="7b-seed1")
        self.assertTrue(first.finished)
        second.finish()
        self.assertEqual(self.server.runs[first.id]["status"], "completed")

    def test_a_context_manager_marks_an_exception_as_failed(self):
        with self.assertRaises(ZeroDivisionError):
            with self.init() as run:
                run.log({"reward": 0.1}, step=1)
                1 / 0
        self.assertEqual(self.server.runs[run.id]["status"], "failed")
        self.assertIn("ZeroDivisionError", self.server.runs[run.id]["reason"])

    def test_logs_after_finish_are_ignored(self):
        run = self.init()
        run.finish()
        with self.assertLogs("tracker", logging.WARNING):
            run.log({"reward": 0.1}, step=1)
        self.assertEqual(self.server.posts("/steps"), [])
        self.assertTrue(run.finish())  # a second finish does nothing


class ModeTests(ClientTestCase):
    def test_disabled_sends_nothing_and_writes_nothing(self):
        run = self.init(mode="disabled")
        run.log({"reward": 0.1}, step=1)
        self.assertTrue(run.finish())
        self.assertEqual(self.server.requests, [])
        self.assertEqual(os.listdir(self.spool_root), [])

    def test_offline_spools_everything_and_sync_delivers_it(self):
        from tracker.__main__ import main

        run = self.init(mode="offline")
        for step in range(5):
            run.log({"reward": 0.1}, step=step)
        self.assertFalse(run.finish())
        self.assertEqual(self.server.requests, [])
        self.assertEqual([r["kind"] for r in self.spooled(run)], ["register"] + ["step"] * 5 + ["finish"])

        with contextlib.redirect_stdout(io.StringIO()) as out:
            self.assertEqual(main(["sync", "--url", self.server.url, "--spool-dir", self.spool_root]), 0)
        self.assertEqual(out.getvalue(), f"{run.id}: delivered\n")
        self.assertEqual(self.server.stored_steps(run.id), [0, 1, 2, 3, 4])
        self.assertEqual(self.server.runs[run.id]["status"], "completed")
        self.assertEqual(self.spooled(run), [])


if __name__ == "__main__":
    unittest.main()
