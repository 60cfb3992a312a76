"""The veRL adapter, against a stand-in for ``verl.utils.tracking`` that behaves like veRL's (a fixed list of
backends checked by assert, ``log`` fanned out as ``logger.log(data=..., step=...)``)."""

import os
import sys
import types
import unittest

from tracker.integrations import verl as adapter

from .support import ClientTestCase

CONFIG = {
    "actor_rollout_ref": {"model": {"path": "Qwen/Qwen2.5-7B-Instruct/"}, "rollout": {"n": 8}},
    "data": {"train_batch_size": 512, "train_max_samples": -1},
    "trainer": {"project_name": "qwen-grpo", "logger": ["console", "tracker"]},
    "tracker": {"unique_samples": 53904, "parameters": 7e9, "tags": {"seed": "0"}},
}


def verl_step(step):
    """The shape of what RayPPOTrainer.fit logs per step (a few of its ~150 keys)."""
    return {
        "training/global_step": step,
        "critic/score/mean": 0.3 + 0.01 * step,
        "critic/rewards/mean": 0.29 + 0.01 * step,  # after the in-reward KL penalty: the reward the server's MLflow API takes too
        "actor/pg_loss": -0.002,
        "actor/kl_loss": 0.0004,
        "perf/total_num_tokens": 4_500_000,
        "response_length/mean": 850.0,
        "timing_s/step": 61.5,
        "val-core/math__merged_deduped_dapo_or1_dataset/acc/mean@1": 0.41,
        "val-core/math__merged_deduped_dapo_or1_dataset/reward/mean@1": 0.40,
        "val-core/math__deepscaler_preview/reward/mean@1": 0.25,
    }


class FakeTracking:
    supported_backend = ["wandb", "mlflow", "console"]

    def __init__(self, project_name, experiment_name, default_backend="console", config=None):
        if isinstance(default_backend, str):
            default_backend = [default_backend]
        for backend in default_backend:
            assert backend in self.supported_backend, f"{backend} is not supported"
        self.logger = {}
        if "console" in default_backend:
            self.logger["console"] = types.SimpleNamespace(log=lambda data, step: None)

    def log(self, data, step, backend=None):
        for name, logger_instance in self.logger.items():
            if backend is None or name in backend:
                logger_instance.log(data=data, step=step)


class EvaluationKeyTests(unittest.TestCase):
    def test_validation_keys_become_pass_at_1_per_source(self):
        found = dict(adapter.evaluations_in({
            "val-core/openai/gsm8k/acc/mean@4": 0.7,         # sources may contain "/"
            "val-core/openai/gsm8k/acc/mean@1": 0.6,         # the largest N wins
            "val-aux/openai/gsm8k/acc/std@4": 0.1,
            "val-core/math/reward/mean@2": 0.5,
            "val-core/math/acc/mean_at_2": 0.55,             # acc wins over reward; MLflow-sanitised names too
            "val-core/code/reward/mean@1": 3.5,              # not a pass rate
            "val/test_score/math__math/unknown": 0.33,       # older veRL
            "val-aux/num_turns/mean": 2.0,
            "critic/score/mean": 0.4,
        }))
        self.assertEqual(found, {"openai/gsm8k": 0.7, "math": 0.55, "math__math": 0.33})


class VerlLoggerTests(ClientTestCase):
    def test_steps_fields_and_evaluations(self):
        backend = adapter.VerlLogger("qwen-grpo", "7b-seed0", CONFIG, url=self.server.url, spool_dir=self.spool_root)
        backend.log(data={"val-core/math__deepscaler_preview/acc/mean@1": 0.2}, step=0)  # validation before training
        backend.log(data=verl_step(1), step=1)
        backend.finish()
        run_id = backend.run.id

        registration = self.server.requests[0].body
        self.assertEqual((registration["study"], registration["name"]), ("qwen-grpo", "7b-seed0"))
        self.assertEqual(registration["model"], {"family": "Qwen2.5-7B-Instruct", "parameters": 7e9})
        self.assertEqual(registration["training"], {"batchSize": 512, "rolloutN": 8, "uniqueSamples": 53904})
        self.assertEqual(registration["tags"], {"seed": "0"})
        self.assertEqual(registration["config"]["data"], {"train_batch_size": 512, "train_max_samples": -1})

        validation = self.server.step(run_id, 0)
        self.assertEqual((validation["samples"], "reward" in validation, "tokens" in validation), (0, False, False))  # D stays 0
        step = self.server.step(run_id, 1)
        self.assertEqual((step["reward"], step["loss"], step["tokens"]), (0.3, -0.002, 4_500_000))
        self.assertNotIn("samples", step)  # the server counts the registered batch size
        self.assertEqual(step["metrics"]["critic/score/mean"], 0.31)  # veRL's own names are kept
        self.assertEqual(step["metrics"]["val-core/math__merged_deduped_dapo_or1_dataset/acc/mean@1"], 0.41)
        evaluations = self.server.runs[run_id]["evaluations"]
        self.assertEqual({k: v["passAt1"] for k, v in evaluations.items()}, {
            (0, "math__deepscaler_preview"): 0.2,
            (1, "math__merged_deduped_dapo_or1_dataset"): 0.41,
            (1, "math__deepscaler_preview"): 0.25,
        })
        self.assertEqual(self.server.runs[run_id]["status"], "completed")

    def test_a_cut_training_pool_is_the_unique_sample_count(self):
        config = {"data": {"train_batch_size": 64, "train_max_samples": 6400}}
        backend = adapter.VerlLogger("p", "e", config, url=self.server.url, spool_dir=self.spool_root)
        backend.finish()
        self.assertEqual(self.server.requests[0].body["training"], {"batchSize": 64, "uniqueSamples": 6400})

    def test_install_adds_a_tracker_backend_to_verl_tracking(self):
        self.fake_verl_module()
        self.addCleanup(setattr, FakeTracking, "__init__", FakeTracking.__init__)
        self.addCleanup(setattr, FakeTracking, "supported_backend", list(FakeTracking.supported_backend))
        os.environ.update(TRACKER_URL=self.server.url, TRACKER_SPOOL_DIR=self.spool_root)  # as a Ray runtime_env would set them

        adapter.install()
        adapter.install()  # idempotent
        tracking = FakeTracking(project_name="qwen-grpo", experiment_name="7b-seed1", default_backend=["console", "tracker"], config=CONFIG)
        self.assertIn("tracker", tracking.logger)
        tracking.log(data=verl_step(1), step=1)
        tracking.logger["tracker"].finish()
        self.assertEqual(self.server.stored_steps(tracking.logger["tracker"].run.id), [1])
        self.assertNotIn("tracker", FakeTracking("p", "e", "console").logger)  # only when asked for

    def fake_verl_module(self):
        """Puts a ``verl.utils.tracking`` holding FakeTracking in sys.modules for this test."""
        names = ("verl", "verl.utils", "verl.utils.tracking")
        saved = {name: sys.modules.get(name) for name in names}
        verl, utils, tracking = (types.ModuleType(name) for name in names)
        verl.utils, utils.tracking, tracking.Tracking = utils, tracking, FakeTracking
        sys.modules.update(zip(names, (verl, utils, tracking)))

        def restore():
            for name, module in saved.items():
                if module is None:
                    sys.modules.pop(name, None)
                else:
                    sys.modules[name] = module

        self.addCleanup(restore)

    def test_install_without_verl_is_harmless(self):
        saved = sys.modules.get("verl")
        sys.modules["verl"] = None  # makes "import verl..." raise ImportError
        try:
            adapter.install()
        finally:
            if saved is None:
                del sys.modules["verl"]
            else:
                sys.modules["verl"] = saved


if __name__ == "__main__":
    unittest.main()
