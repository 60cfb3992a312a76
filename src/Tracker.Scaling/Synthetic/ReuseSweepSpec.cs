namespace Tracker.Scaling.Synthetic;

/// <summary>
/// A synthetic data-reuse sweep like the paper's exp2: one size, the same total samples (Steps × 512) for every τ,
/// X = D. Overfitting is injected as a loss drift after <see cref="OverfitOnsetStep"/> that grows as (τ/OverfitTau)³, so
/// τ = 100 overfits clearly, τ = 50 slightly and τ ≤ 25 not visibly. The training reward keeps rising for every τ.
/// </summary>
public sealed record ReuseSweepSpec
{
    public PaperFit Law { get; init; } = PaperFits.BaseData;

    public double N { get; init; } = 7e9;

    public IReadOnlyList<double> Taus { get; init; } = [1, 2, 5, 20, 25, 50, 100];

    public int Steps { get; init; } = 100;

    public int Runs { get; init; } = 3;

    public int Seed { get; init; } = 1;

    public double NoiseScale { get; init; } = 1;

    public int EvalProblems { get; init; } = 500;

    public double OverfitTau { get; init; } = 100;

    public int OverfitOnsetStep { get; init; } = 40;

    /// <summary>Added test loss per step after the onset at τ = OverfitTau.</summary>
    public double OverfitSlope { get; init; } = 0.001;

    public bool IncludeReward { get; init; } = true;

    public bool IncludeStepZero { get; init; } = true;
}
