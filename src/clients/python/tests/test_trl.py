"""The TRL/transformers callback, driven the way transformers' CallbackHandler drives it (no transformers import)."""

import logging
import types
import unittest

from tracker.integrations.trl import TrackerCallback

from .support import ClientTestCase, fast_options


class Args:
    """The parts of GRPOConfig (a TrainingArguments) the callback reads."""

    run_name = "grpo-7b-seed0"
    output_dir = "/checkpoints/grpo-7b-seed0"
    num_generations = 8
    per_device_train_batch_size = 8
    gradient_accumulation_steps = 4
    world_size = 2  # 64 completions per optimizer step = 8 prompts × 8 generations

    def to_dict(self):
        return {"learning_rate": 1e-6, "num_generations": 8, "logging_steps": 1}


class State:
    def __init__(self, step=0, main=True, tokens_seen=0):
        self.global_step, self.is_world_process_zero, self.num_input_tokens_seen = step, main, tokens_seen


MODEL = types.SimpleNamespace(config=types.SimpleNamespace(_name_or_path="Qwen/Qwen2.5-7B-Instruct"))


def call(callback, event, state, **kwargs):
    """What CallbackHandler.call_event does: every event on every callback, with the same arguments."""
    return getattr(callback, event)(Args(), state, types.SimpleNamespace(), model=MODEL, **kwargs)


class TrlCallbackTests(ClientTestCase):
    def callback(self, **kwargs):
        kwargs.setdefault("study", "qwen-grpo")
        return TrackerCallback(url=self.server.url, spool_dir=self.spool_root, options=fast_options(), **kwargs)

    def test_a_training_loop_logs_one_record_per_step(self):
        cb = self.callback(eval_metric="eval_accuracy", model_size="7B", unique_samples=7473)
        call(cb, "on_init_end", State())
        call(cb, "on_train_begin", State())
        for step in (1, 2):
            call(cb, "on_step_begin", State(step - 1))
            call(cb, "on_step_end", State(step))
            call(cb, "on_log", State(step), logs={"loss": 0.01 * step, "reward": 0.3 + 0.1 * step, "num_tokens": 1000.0 * step ** 2,
                                                  "completions/mean_length": 250.0, "learning_rate": 1e-6})
            # an evaluation at the same step, minutes later: still part of this step's record
            call(cb, "on_log", State(step), logs={"eval_loss": 0.5, "eval_accuracy": 0.2 * step})
            call(cb, "on_evaluate", State(step), metrics={})
            call(cb, "on_optimizer_step", State(step))  # events it does not handle are no-ops
        call(cb, "on_log", State(2), logs={"train_runtime": 120.0, "train_loss": 0.015})
        call(cb, "on_train_end", State(2))
        run = cb.run
        run.finish()

        registration = self.server.requests[0].body
        self.assertEqual((registration["study"], registration["name"]), ("qwen-grpo", "grpo-7b-seed0"))
        self.assertEqual(registration["model"], {"family": "Qwen2.5-7B-Instruct", "parameters": 7e9})
        self.assertEqual(registration["training"], {"batchSize": 8, "rolloutN": 8, "uniqueSamples": 7473})
        self.assertEqual(registration["config"]["learning_rate"], 1e-6)
        self.assertEqual(self.server.stored_steps(run.id), [1, 2])
        one, two = self.server.step(run.id, 1), self.server.step(run.id, 2)
        self.assertEqual((one["loss"], one["reward"], one["tokens"], one["samples"]), (0.01, 0.4, 1000.0, 8))
        self.assertEqual(two["tokens"], 3000.0)  # num_tokens is TRL's running total: 4000 - 1000
        self.assertEqual(one["metrics"]["eval_loss"], 0.5)
        self.assertEqual(two["metrics"]["train_runtime"], 120.0)
        evaluations = self.server.runs[run.id]["evaluations"]
        self.assertEqual({k: v["passAt1"] for k, v in evaluations.items()}, {(1, "holdout"): 0.2, (2, "holdout"): 0.4})

    def test_logging_every_k_steps_counts_the_tokens_and_prompts_of_all_k(self):
        cb = self.callback()
        call(cb, "on_train_begin", State())
        for step in (10, 20):
            call(cb, "on_log", State(step), logs={"loss": 0.1, "num_tokens": 1000.0 * step})
            call(cb, "on_step_begin", State(step))
        cb.run.finish()
        ten, twenty = self.server.step(cb.run.id, 10), self.server.step(cb.run.id, 20)
        self.assertEqual((ten["tokens"], ten["samples"], twenty["tokens"], twenty["samples"]), (10_000.0, 80, 10_000.0, 80))

    def test_a_resumed_trainer_counts_from_its_checkpoint(self):
        cb = self.callback()
        call(cb, "on_train_begin", State(100, tokens_seen=500_000.0))
        call(cb, "on_log", State(101), logs={"loss": 0.1, "num_tokens": 505_000.0})
        call(cb, "on_train_end", State(101))
        cb.run.finish()
        step = self.server.step(cb.run.id, 101)
        self.assertEqual((step["tokens"], step["samples"]), (5000.0, 8))

    def test_logs_for_a_step_already_sent_are_left_out_with_a_warning(self):
        cb = self.callback(eval_metric="eval_accuracy")
        call(cb, "on_train_begin", State())
        call(cb, "on_log", State(5), logs={"loss": 0.1})
        call(cb, "on_train_end", State(5))
        with self.assertLogs("tracker", logging.WARNING):
            call(cb, "on_log", State(5), logs={"eval_loss": 0.4, "eval_accuracy": 0.5})  # trainer.evaluate() after training
        cb.run.finish()
        self.assertEqual(self.step_requests(), [[5]])
        self.assertNotIn("eval_loss", self.server.step(cb.run.id, 5).get("metrics", {}))
        self.assertIn((5, "holdout"), self.server.runs[cb.run.id]["evaluations"])  # evaluations are separate records

    def test_eval_rewards_are_evaluations_by_default(self):
        cb = self.callback()
        call(cb, "on_train_begin", State())
        call(cb, "on_log", State(3), logs={"eval_reward": 0.25, "eval_math500_reward": 0.5, "eval_loss": 0.9, "eval_kl_reward": 7.0})
        call(cb, "on_train_end", State(3))
        cb.run.finish()
        evaluations = self.server.runs[cb.run.id]["evaluations"]
        self.assertEqual({k: v["passAt1"] for k, v in evaluations.items()}, {(3, "eval"): 0.25, (3, "math500"): 0.5})

    def test_only_the_main_process_logs(self):
        cb = self.callback()
        call(cb, "on_train_begin", State(main=False))
        call(cb, "on_log", State(1, main=False), logs={"loss": 0.1})
        call(cb, "on_train_end", State(1, main=False))
        self.assertIsNone(cb.run)
        self.assertEqual(self.server.requests, [])

    def test_an_existing_run_and_finish_on_train_end(self):
        run = self.init()
        cb = TrackerCallback(run, finish_on_train_end=True)
        call(cb, "on_train_begin", State())
        call(cb, "on_log", State(1), logs={"loss": 0.1})
        call(cb, "on_train_end", State(1))
        self.assertTrue(run.finished)
        self.assertEqual(self.server.runs[run.id]["status"], "completed")

    def test_unknown_attributes_are_still_errors(self):
        with self.assertRaises(AttributeError):
            TrackerCallback().state  # noqa: B018 (transformers probes callbacks for optional methods)


if __name__ == "__main__":
    unittest.main()
