namespace Tracker.Scaling.Fitting;

/// <summary>
/// A point estimate in the internal parameter vector θ. For size g the prediction is −k_g·lx + E_g and its gradient
/// in θ is Alpha[g]·lx + Beta[g] (so ∇k_g = −Alpha[g], ∇E_g = Beta[g]); this one form serves every model.
/// </summary>
internal sealed record ModelSolution(string[] Names, double[] Theta, double[] K, double[] E, double[][] Alpha, double[][] Beta)
{
    public int P => Theta.Length;
}

/// <summary>A solve either gives a solution or says why not.</summary>
internal readonly record struct SolveOutcome(ModelSolution? Solution, string? Failure)
{
    public static SolveOutcome Fail(string why) => new(null, why);

    public static implicit operator SolveOutcome(ModelSolution s) => new(s, null);
}
