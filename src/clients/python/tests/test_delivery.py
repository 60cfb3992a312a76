"""When the server is slow, away, throttling or refusing: retries, Retry-After, the spool, and refusals."""

import logging
import unittest

from tracker.retry import Backoff

from .fakeserver import Failure
from .support import ClientTestCase, fast_options


def steps_in(records):
    return [r["body"]["step"] for r in records if r["kind"] == "step"]


class RetryTests(ClientTestCase):
    def test_429_retry_after_is_honoured(self):
        run = self.init()
        self.server.fail(429, path_contains="/steps", retry_after="1")
        run.log({"reward": 0.1}, step=1)
        self.assertTrue(run.flush(timeout=10))
        first, second = self.server.posts("/steps")
        self.assertEqual(run.stats["last_retry_delay"], 1.0)  # the server's wait, not the 0.02 s backoff
        self.assertGreaterEqual(second.at - first.at, 0.9)
        self.assertEqual(self.server.stored_steps(run.id), [1])

    def test_503_retry_after_is_honoured(self):
        run = self.init()
        self.server.fail(503, path_contains="/steps", retry_after="1")
        run.log({"reward": 0.1}, step=1)
        self.assertTrue(run.flush(timeout=10))
        first, second = self.server.posts("/steps")
        self.assertGreaterEqual(second.at - first.at, 0.9)

    def test_transient_failures_back_off_exponentially_and_deliver_once(self):
        run = self.init(options=fast_options(backoff=Backoff(base=0.02, cap=10.0, jitter=0.0)))
        self.server.fail(503, times=2, path_contains="/steps")
        self.server.fail(502, path_contains="/steps")
        run.log({"reward": 0.1, "loss": 0.5}, step=1)
        self.assertTrue(run.flush(timeout=10))
        self.assertEqual(len(self.server.posts("/steps")), 4)
        self.assertEqual((run.stats["retries"], run.stats["last_retry_delay"]), (3, 0.08))  # 0.02, 0.04, 0.08
        self.assertEqual(self.server.stored_steps(run.id), [1])

    def test_a_flush_does_not_wait_for_a_retry_beyond_its_deadline(self):
        run = self.init()
        self.server.fail(503, path_contains="/steps", retry_after="120")
        run.log({"reward": 0.1}, step=1)
        self.assertFalse(run.flush(timeout=30))  # returns at once: the server asked for two minutes
        self.assertEqual(run.stats["last_retry_delay"], 120.0)


class OutageTests(ClientTestCase):
    def test_server_down_records_are_spooled_then_delivered_in_order_when_it_is_back(self):
        self.server.stop()
        run = self.init(options=fast_options(backoff=Backoff(base=0.05, cap=0.1, jitter=0.0)))
        for step in range(30):
            run.log({"reward": 0.5, "tokens": 1000 + step}, step=step)
        self.assertTrue(self.server.wait_for(lambda: steps_in(self.spooled(run)) == list(range(30))))
        self.assertEqual(self.spooled(run)[0]["kind"], "register")
        self.assertEqual(run.pending(), 0)

        self.server.start()
        self.assertTrue(self.server.wait_for(lambda: self.server.stored_steps(run.id) == list(range(30))))
        self.assertTrue(self.server.wait_for(lambda: self.spooled(run) == []))
        arrived = [s for steps in self.step_requests() for s in steps]
        self.assertEqual(arrived, sorted(arrived))  # in order, never a newer record before an older one

    def test_log_returns_while_the_server_hangs_and_memory_stays_bounded(self):
        self.server.hang()
        run = self.init(options=fast_options(batch_size=10, max_queue=50))
        for step in range(500):
            run.log({"reward": 0.5}, step=step)
        # Every call returned although the server has answered nothing; beyond max_queue records went to disk.
        self.assertLessEqual(len(self.server.requests), 1)
        self.assertLessEqual(run.pending(), 50 + 10)
        self.assertEqual(len(self.spooled(run)) + run.pending(), 501)  # registration + 500 steps, none lost

        self.server.release()
        self.assertTrue(run.finish())
        self.assertEqual(self.server.stored_steps(run.id), list(range(500)))
        self.assertEqual(self.spooled(run), [])

    def test_the_next_init_of_the_run_delivers_the_earlier_spool_first(self):
        self.server.stop()
        first = self.init(options=fast_options(finish_timeout=0.3))
        for step in range(10):
            first.log({"reward": 0.1}, step=step)
        self.assertFalse(first.finish())
        self.assertEqual(steps_in(self.spooled(first)), list(range(10)))

        self.server.start()
        second = self.init()  # a restarted job: same study and name, so the same run and spool
        self.assertEqual(second.id, first.id)
        for step in range(10, 20):
            second.log({"reward": 0.2}, step=step)
        self.assertTrue(second.finish())
        self.assertEqual(self.server.stored_steps(second.id), list(range(20)))
        kinds = [r.path.rsplit("/", 1)[-1] for r in self.server.requests]
        kinds = [k for i, k in enumerate(kinds) if i == 0 or kinds[i - 1] != k]  # one or more step requests each
        self.assertEqual(kinds, ["runs", "steps", "finish", "runs", "steps", "finish"])
        self.assertEqual(self.spooled(second), [])

    def test_a_full_spool_drops_newer_records_with_an_error(self):
        self.server.stop()
        run = self.init(options=fast_options(spool_max_bytes=600, finish_timeout=0.2))
        with self.assertLogs("tracker", logging.ERROR) as logs:
            for step in range(50):
                run.log({"reward": 0.5}, step=step)
            run.finish()
        self.assertGreater(run.stats["dropped"], 0)
        self.assertIn("is full", "\n".join(logs.output))


class RefusalTests(ClientTestCase):
    def test_a_refused_record_is_not_retried_and_costs_only_itself(self):
        def refuse(path, body):
            if path.endswith("/steps") and any(s.get("reward") == 0.666 for s in body["steps"]):
                return Failure(400, title="Invalid input", detail="steps[0].reward: must be a number the test likes")
            return None

        self.server.refuse = refuse
        run = self.init()
        with self.assertLogs("tracker", logging.ERROR) as logs:
            for step in range(10):
                run.log({"reward": 0.666 if step == 5 else 0.5}, step=step)
            self.assertTrue(run.finish())
        self.assertEqual(self.server.stored_steps(run.id), [0, 1, 2, 3, 4, 6, 7, 8, 9])
        self.assertEqual(self.step_requests().count([5]), 1)  # sent alone once, never again
        self.assertEqual((run.stats["rejected"], run.stats["retries"]), (1, 0))
        self.assertIn("step 5", "\n".join(logs.output))
        self.assertIn("steps[0].reward: must be a number the test likes", "\n".join(logs.output))
        [rejected] = self.rejected(run)
        self.assertEqual((rejected["body"]["step"], rejected["reason"]), (5, "400 Invalid input: steps[0].reward: must be a number the test likes"))

    def test_a_too_large_batch_is_split(self):
        self.server.refuse = lambda path, body: Failure(413, title="Body too large") if path.endswith("/steps") and len(body["steps"]) > 4 else None
        run = self.init()
        for step in range(10):
            run.log({"reward": 0.5}, step=step)
        self.assertTrue(run.finish())
        self.assertEqual(self.server.stored_steps(run.id), list(range(10)))
        self.assertEqual(run.stats["rejected"], 0)

    def test_a_server_error_is_set_aside_without_hammering(self):
        self.server.refuse = lambda path, body: Failure(500, title="Internal error") if path.endswith("/steps") else None
        run = self.init()
        with self.assertLogs("tracker", logging.ERROR):
            for step in range(10):
                run.log({"reward": 0.5}, step=step)
            self.assertTrue(run.finish())
        sent = [s for steps in self.step_requests() for s in steps]
        self.assertEqual(sorted(sent), list(range(10)))  # each step sent once: neither retried nor halved
        self.assertEqual(len(self.rejected(run)), 10)

    def test_refused_credentials_stop_sending_and_keep_everything_for_later(self):
        self.server.refuse = lambda path, body: Failure(401, title="Unauthorized", detail="missing or invalid bearer token")
        run = self.init(token="wrong")
        with self.assertLogs("tracker", logging.ERROR) as logs:
            for step in range(3):
                run.log({"reward": 0.5}, step=step)
            self.assertFalse(run.finish(timeout=10))
        self.assertEqual(len(self.server.requests), 1)  # the registration; nothing after a 401
        self.assertIn("TRACKER_TOKEN", "\n".join(logs.output))
        self.assertEqual([r["kind"] for r in self.spooled(run)], ["register", "step", "step", "step", "finish"])

        self.server.refuse = None  # the token is fixed and the job restarted
        again = self.init(token="right")
        self.assertTrue(again.finish())
        self.assertEqual(self.server.stored_steps(run.id), [0, 1, 2])
        self.assertEqual(self.spooled(again), [])

    def test_a_conflicting_step_is_set_aside_and_the_rest_stored(self):
        first = self.init()
        first.log({"reward": 0.1}, step=3)
        first.finish()
        second = self.init()  # a resumed job re-logs step 3 with other values
        with self.assertLogs("tracker", logging.ERROR) as logs:
            for step in range(6):
                second.log({"reward": 0.9}, step=step)
            self.assertTrue(second.finish())
        self.assertEqual(sorted(self.server.stored_steps(second.id)), [0, 1, 2, 3, 4, 5])
        self.assertEqual(self.server.step(second.id, 3)["reward"], 0.1)
        self.assertIn("step 3 is already stored with different values", "\n".join(logs.output))
        self.assertEqual([r["body"]["step"] for r in self.rejected(second)], [3])

    def test_a_registration_conflict_is_reported_and_logging_continues(self):
        self.init(config={"lr": 1e-6}).finish()
        run = self.init(config={"lr": 2e-6})
        with self.assertLogs("tracker", logging.WARNING) as logs:
            run.log({"reward": 0.5}, step=1)
            self.assertTrue(run.flush(timeout=10))
        self.assertIn("already registered with a different body", "\n".join(logs.output))
        self.assertEqual(self.server.stored_steps(run.id), [1])

    def test_a_run_the_server_lost_is_registered_again(self):
        run = self.init()
        run.log({"reward": 0.5}, step=0)
        self.assertTrue(run.flush(timeout=10))
        self.server.runs.clear()  # a fresh database behind the same URL
        run.log({"reward": 0.5}, step=1)
        self.assertTrue(run.finish())
        self.assertEqual(self.server.stored_steps(run.id), [1])
        self.assertEqual(len(self.server.posts("/api/v1/runs")), 2)


class RobustnessTests(ClientTestCase):
    def test_the_sender_survives_an_internal_error(self):
        run = self.init()
        transport = run._sender._transport
        real_post, calls = transport.post, []

        def flaky(*args, **kwargs):
            calls.append(args)
            if len(calls) == 2:
                raise RuntimeError("boom")
            return real_post(*args, **kwargs)

        transport.post = flaky
        with self.assertLogs("tracker", logging.ERROR) as logs:
            run.log({"reward": 0.5}, step=1)
            self.assertTrue(run.finish())
        self.assertIn("unexpected error", "\n".join(logs.output))
        self.assertEqual(self.server.stored_steps(run.id), [1])


if __name__ == "__main__":
    unittest.main()
