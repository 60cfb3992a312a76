namespace Tracker.Scaling.Synthetic;

/// <summary>
/// A synthetic exp1-style sweep drawn from a committed law: every size × run × step, with Pass@1 noise of a
/// 500-problem held-out set (sd = √(L(1−L)/500)), optionally shuffled and with missing steps.
/// </summary>
public sealed record SweepSpec
{
    public required PaperFit Law { get; init; }

    /// <summary>Sizes to generate; null = all sizes of the law.</summary>
    public IReadOnlyList<double>? Sizes { get; init; }

    public int Steps { get; init; } = PaperFits.StepsPerRun;

    /// <summary>Repeated runs (seeds) per size.</summary>
    public int Runs { get; init; } = 3;

    public int Seed { get; init; } = 1;

    /// <summary>Multiplies the Pass@1 standard deviation (0 = exact law).</summary>
    public double NoiseScale { get; init; } = 1;

    public int EvalProblems { get; init; } = 500;

    /// <summary>Emit the step-0 evaluation (X = 0), which cleaning must drop.</summary>
    public bool IncludeStepZero { get; init; } = true;

    /// <summary>Shuffle the output order.</summary>
    public bool Shuffle { get; init; }

    /// <summary>Probability that a (run, step) row is missing.</summary>
    public double MissingStepFraction { get; init; }

    /// <summary>Prompt + response tokens per sequence (compute axis: tokens per step = 512 × 8 × this).</summary>
    public double TokensPerSequence { get; init; } = 1100;

    /// <summary>Relative step-to-step jitter of tokens per step.</summary>
    public double TokenJitter { get; init; } = 0.03;
}
