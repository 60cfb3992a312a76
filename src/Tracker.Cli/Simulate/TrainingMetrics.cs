namespace Tracker.Cli.Simulate;

/// <summary>The numbers a veRL GRPO job logs besides reward and loss, with plausible trends and noise. They are
/// decoration for the dashboard: the scaling analysis reads only tokens and the held-out evaluations.</summary>
internal static class TrainingMetrics
{
    public const int PromptsPerStep = 512;
    public const int RolloutN = 8;
    public const double TokensPerSequence = 1100;
    private const double PromptTokens = 240;

    public static Dictionary<string, double> For(Random rng, long step, double n, double tokens, double reward, double loss)
    {
        var seconds = 30 * Math.Pow(n / 1e9, 0.6) * (1 + (0.05 * Gaussian(rng)));
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["critic/score/mean"] = reward,
            ["critic/rewards/mean"] = reward,
            ["actor/pg_loss"] = loss,
            ["actor/kl_loss"] = Math.Max(0, 0.0004 * Math.Pow(step, 0.6) * (1 + (0.1 * Gaussian(rng)))),
            ["actor/entropy"] = Math.Max(0.01, (0.55 * Math.Exp(-step / 200.0)) + (0.02 * Gaussian(rng))),
            ["response_length/mean"] = Math.Round((tokens / (PromptsPerStep * RolloutN)) - PromptTokens, 1),
            ["perf/total_num_tokens"] = tokens,
            ["perf/time_per_step"] = Math.Round(seconds, 2),
            ["perf/throughput"] = Math.Round(tokens / seconds / (n <= 7e9 ? 4 : 8), 1),
        };
    }

    /// <summary>Prompt + response tokens of one step's 512 × 8 sequences, ±3%.</summary>
    public static double Tokens(Random rng) =>
        Math.Round(PromptsPerStep * RolloutN * TokensPerSequence * Math.Max(0.5, 1 + (0.03 * Gaussian(rng))));

    /// <summary>GRPO's policy loss hovers around zero.</summary>
    public static double PolicyLoss(Random rng) => 0.01 * Gaussian(rng);

    public static double Gaussian(Random rng)
    {
        // Box–Muller: System.Random with a seed is reproducible across runs and platforms.
        var u1 = 1 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
