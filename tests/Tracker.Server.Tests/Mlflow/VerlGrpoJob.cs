namespace Tracker.Server.Tests.Mlflow;

/// <summary>What a veRL GRPO job (verl/trainer/ppo/ray_trainer.py with trainer.logger=['console','mlflow']) logs:
/// its config flattened with '/' as params, then per step ~40 metrics, validation (val-core) before training and every
/// <see cref="TestFreq"/> steps, merged into that step's metrics as veRL does.</summary>
public sealed class VerlGrpoJob
{
    public const string GsmDataset = "openai/gsm8k";
    public const int TestFreq = 5;

    public string Model { get; init; } = "Qwen/Qwen2.5-7B-Instruct";

    public int BatchSize { get; init; } = 512;

    public int RolloutN { get; init; } = 8;

    public long UniquePrompts { get; init; } = 51_200;

    public int Steps { get; init; } = 20;

    public long StartTime { get; init; } = 1_737_000_000_000;

    /// <summary>perf/total_num_tokens of a step: prompt and response tokens of its batch × n sequences.</summary>
    public double Tokens(long step) => (BatchSize * RolloutN * 1_000.0) + (step * 1_234);

    public static double Reward(long step) => 0.2 + (0.02 * step);

    /// <summary>pass@1 on the held-out set at a validation step.</summary>
    public static double PassAt1(long step) => 0.3 + (0.01 * step);

    public long Time(long step) => StartTime + (60_000 * (step + 1));

    public Dictionary<string, string> Params()
    {
        var config = new Dictionary<string, string>
        {
            ["actor_rollout_ref/model/path"] = Model,
            ["actor_rollout_ref/rollout/n"] = RolloutN.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["actor_rollout_ref/rollout/name"] = "vllm",
            ["actor_rollout_ref/actor/optim/lr"] = "1e-06",
            ["actor_rollout_ref/actor/ppo_mini_batch_size"] = "256",
            ["actor_rollout_ref/actor/use_kl_loss"] = "True",
            ["algorithm/adv_estimator"] = "grpo",
            ["data/train_batch_size"] = BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["data/train_max_samples"] = UniquePrompts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["data/train_files/list_len"] = "1",
            ["data/train_files/0"] = "/data/gsm8k/train.parquet",
            ["data/val_files/0"] = "/data/gsm8k/test.parquet",
            ["trainer/project_name"] = "verl-grpo",
            ["trainer/total_epochs"] = "1",
            ["trainer/test_freq"] = TestFreq.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["trainer/logger/0"] = "console",
            ["trainer/logger/1"] = "mlflow",
            ["critic/model/path"] = "~/models/deepseek-llm-7b-chat",
        };

        // The rest of the ≈550 scalar leaves of the generated trainer config.
        for (var i = 0; config.Count < 260; i++)
        {
            config[$"actor_rollout_ref/rollout/engine_kwargs/option_{i:D3}"] = i % 3 == 0 ? "None" : i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return config;
    }

    /// <summary>Validation before training, logged on its own at step 0.</summary>
    public static Dictionary<string, double> InitialValidation() => Validation(0);

    public Dictionary<string, double> StepMetrics(long step)
    {
        var metrics = new Dictionary<string, double>
        {
            ["training/global_step"] = step,
            ["training/epoch"] = 0,
            ["critic/score/mean"] = Reward(step) + 0.01,
            ["critic/score/max"] = 1,
            ["critic/score/min"] = 0,
            ["critic/rewards/mean"] = Reward(step),
            ["critic/rewards/max"] = 1,
            ["critic/rewards/min"] = 0,
            ["critic/advantages/mean"] = 0,
            ["critic/advantages/max"] = 2.1,
            ["critic/advantages/min"] = -2.1,
            ["critic/returns/mean"] = 0,
            ["response_length/mean"] = 480 + step,
            ["response_length/max"] = 1024,
            ["response_length/min"] = 12,
            ["response_length/clip_ratio"] = 0.01,
            ["prompt_length/mean"] = 110,
            ["actor/pg_loss"] = 0.02 - (0.0005 * step),
            ["actor/pg_clipfrac"] = 0.001,
            ["actor/ppo_kl"] = 0.0001,
            ["actor/entropy"] = 0.6,
            ["actor/kl_loss"] = 0.001 * step,
            ["actor/kl_coef"] = 0.001,
            ["actor/grad_norm"] = 0.3,
            ["actor/lr"] = 1e-6,
            ["timing_s/gen"] = 41.5,
            ["timing_s/old_log_prob"] = 6.1,
            ["timing_s/ref"] = 5.9,
            ["timing_s/adv"] = 0.2,
            ["timing_s/update_actor"] = 20.4,
            ["timing_s/step"] = 75.3,
            ["timing_per_token_ms/gen"] = 0.01,
            ["perf/total_num_tokens"] = Tokens(step),
            ["perf/time_per_step"] = 75.3,
            ["perf/throughput"] = Tokens(step) / 75.3 / 8,
            ["perf/mfu/actor"] = 0.31,
            ["perf/max_memory_allocated_gb"] = 61.2,
            // masked_fill(-inf).max() in rollout_corr is -inf when nothing is masked.
            ["rollout_corr/rollout_is_max"] = step % 4 == 0 ? double.NegativeInfinity : 1.7,
        };
        if (step % TestFreq == 0)
        {
            foreach (var (key, value) in Validation(step))
            {
                metrics[key] = value;
            }
        }

        return metrics;
    }

    private static Dictionary<string, double> Validation(long step) => new()
    {
        [$"val-core/{GsmDataset}/reward/mean@1"] = PassAt1(step),
        [$"val-aux/{GsmDataset}/reward/std@1"] = 0.45,
        ["val-aux/num_turns/mean"] = 1,
    };
}
