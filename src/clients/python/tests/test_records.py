import enum
import logging
import math
import unittest
import uuid
from dataclasses import dataclass
from pathlib import Path

from tracker import records
from tracker.identity import canonical_run_id, parse_model_size, run_id_for


class FakeScalar:
    """Stands in for a numpy or torch scalar: a number behind .item()."""

    def __init__(self, value):
        self.value = value

    def item(self):
        return self.value


class FakeTensor:
    def item(self):
        raise ValueError("only one element tensors can be converted to Python scalars")


class IdentityTests(unittest.TestCase):
    def test_run_id_is_a_stable_version_5_uuid_of_trimmed_study_and_name(self):
        a = run_id_for("my-sweep", "qwen-7b-seed0")
        self.assertEqual(a, run_id_for(" my-sweep ", "qwen-7b-seed0\n"))
        self.assertNotEqual(a, run_id_for("my-sweep", "qwen-7b-seed1"))
        parsed = uuid.UUID(a)
        self.assertEqual(parsed.version, 5)
        self.assertEqual(parsed.variant, uuid.RFC_4122)

    def test_model_size_from_numbers_suffixes_and_model_names(self):
        self.assertEqual(parse_model_size(7e9), 7e9)
        self.assertEqual(parse_model_size("7B"), 7e9)
        self.assertEqual(parse_model_size("0.5b"), 0.5e9)
        self.assertEqual(parse_model_size("70M"), 70e6)
        self.assertEqual(parse_model_size("1.5e9"), 1.5e9)
        self.assertEqual(parse_model_size("Qwen2.5-7B-Instruct"), 7e9)
        self.assertIsNone(parse_model_size(None))
        for bad in ("Qwen2.5", "big", -1, 0, True, float("nan")):
            with self.assertRaises(ValueError, msg=repr(bad)):
                parse_model_size(bad)

    def test_run_id_must_be_a_uuid(self):
        self.assertEqual(canonical_run_id("70EC2903-BE70-5586-953B-3459C82FAE5D"), "70ec2903-be70-5586-953b-3459c82fae5d")
        with self.assertRaises(ValueError):
            canonical_run_id("run-1")


class StepBodyTests(unittest.TestCase):
    def body(self, values, step=3):
        return records.step_body(values, step, "2025-01-01T00:00:00.000000+00:00", records.Warnings())

    def test_step_fields_are_fields_and_everything_else_is_a_metric(self):
        body = self.body({"reward": 0.31, "loss": 1.5, "tokens": 4_200_000, "flops": 1e18, "samples": 512,
                          "actor/kl_loss": 0.001, "val-core/gsm8k/acc/mean@4": 0.5})
        self.assertEqual(body, {"step": 3, "time": "2025-01-01T00:00:00.000000+00:00", "reward": 0.31, "loss": 1.5,
                                "tokens": 4_200_000.0, "flops": 1e18, "samples": 512.0,
                                "metrics": {"actor/kl_loss": 0.001, "val-core/gsm8k/acc/mean@4": 0.5}})

    def test_bad_values_are_left_out_with_one_warning_per_key(self):
        warnings = records.Warnings()
        with self.assertLogs("tracker", logging.WARNING) as logs:
            for _ in range(3):
                body = records.step_body({"reward": math.nan, "x": math.inf, "y": "text", "z": True, "tokens": -5,
                                          "ok": FakeScalar(2.5), "t": FakeTensor(), "": 1.0, "n" * 300: 1.0}, 1, None, warnings)
        self.assertEqual(body, {"step": 1, "metrics": {"ok": 2.5}})
        self.assertEqual(len(logs.records), 8)  # each bad key reported once, not three times

    def test_at_most_1000_metrics_per_step(self):
        with self.assertLogs("tracker", logging.WARNING):
            body = self.body({f"m{i}": i for i in range(1200)})
        self.assertEqual(len(body["metrics"]), records.MAX_METRICS_PER_STEP)

    def test_merging_a_later_log_of_the_same_step_keeps_the_first_time(self):
        first = self.body({"reward": 0.1, "a": 1.0})
        records.merge_steps(first, {"step": 3, "time": "later", "loss": 2.0, "metrics": {"a": 5.0, "b": 2.0}})
        self.assertEqual(first["time"], "2025-01-01T00:00:00.000000+00:00")
        self.assertEqual((first["reward"], first["loss"], first["metrics"]), (0.1, 2.0, {"a": 5.0, "b": 2.0}))

    def test_step_numbers(self):
        self.assertEqual(records.step_number(FakeScalar(7)), 7)
        self.assertEqual(records.step_number(7.0), 7)
        for bad in (-1, 2**41, 1.5, "3", None, True):
            with self.assertRaises((TypeError, ValueError), msg=repr(bad)):
                records.step_number(bad)


class EvaluationAndRegistrationTests(unittest.TestCase):
    def test_evaluation_body(self):
        self.assertEqual(records.evaluation_body(4, "math500", FakeScalar(0.25), 500),
                         {"step": 4, "dataset": "math500", "passAt1": 0.25, "problems": 500})
        for step, dataset, p, n in ((4, "d", 1.5, None), (4, "d", math.nan, None), (4, "", 0.5, None), (-1, "d", 0.5, None), (4, "d", 0.5, 0)):
            with self.assertRaises((TypeError, ValueError)):
                records.evaluation_body(step, dataset, p, n)

    def test_registration_body(self):
        class Kind(enum.Enum):
            GRPO = "grpo"

        @dataclass
        class Optim:
            lr: float = 1e-6

        body = records.registration_body(
            "id", " sweep ", "7b", family="Qwen2.5-7B-Instruct", parameters=None, variant="instruct", batch_size=512,
            rollout_n=8, unique_samples=51200, config={"algo": Kind.GRPO, "optim": Optim(), "path": Path("/data"),
                                                       "clip": math.inf, "layers": (1, 2)}, tags={"seed": 0})
        self.assertEqual(body, {
            "runId": "id", "study": "sweep", "name": "7b", "model": {"family": "Qwen2.5-7B-Instruct", "variant": "instruct"},
            "training": {"batchSize": 512, "rolloutN": 8, "uniqueSamples": 51200},
            "config": {"algo": "grpo", "optim": {"lr": 1e-6}, "path": "/data", "clip": "inf", "layers": [1, 2]},
            "tags": {"seed": "0"}})

    def test_registration_refuses_what_the_server_would(self):
        base = dict(family=None, parameters=None, variant=None, batch_size=None, rollout_n=None, unique_samples=None, config=None, tags=None)
        with self.assertRaises(ValueError):
            records.registration_body("id", "", "n", **base)
        with self.assertRaises(ValueError):
            records.registration_body("id", "s", "x" * 251, **base)
        with self.assertRaises(ValueError):
            records.registration_body("id", "s", "n", **dict(base, batch_size=0))

    def test_finish_status(self):
        self.assertEqual(records.finish_body("failed", "OOM"), {"status": "failed", "reason": "OOM"})
        with self.assertRaises(ValueError):
            records.finish_body("done", None)


if __name__ == "__main__":
    unittest.main()
