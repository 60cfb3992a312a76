using MathNet.Numerics.Distributions;
using Tracker.Scaling.Cleaning;

namespace Tracker.Scaling.Fitting;

/// <summary>
/// Joint fit of log10 L = −k(N)·log10 X + E(N) over all sizes. Stateless and deterministic: the input is cleaned and
/// sorted canonically, the search is a grid plus local refinement, and the bootstrap is seeded.
/// </summary>
public static class ScalingFitter
{
    public static FitResult Fit(IEnumerable<ScalingPoint> points, FitOptions? options = null)
    {
        options ??= FitOptions.Default;
        return Fit(PointCleaner.Clean(points, options.Cleaning), options);
    }

    /// <summary>Fits already-cleaned data (the cleaning options recorded in <paramref name="data"/> are not re-applied).</summary>
    public static FitResult Fit(CleanedData data, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= FitOptions.Default;
        if (Precheck(data, options) is { } why)
        {
            return FitResult.Failed(options, data, why);
        }

        var d = FitData.From(data);
        var ctx = SolveContext.For(d, options);
        var outcome = Solve(options, d, ctx, null);
        if (outcome.Solution is not { } s)
        {
            return FitResult.Failed(options, data, outcome.Failure!);
        }

        var (u, failure) = Uncertainty.Compute(d, s, options.Objective, options.Covariance);
        if (u is null)
        {
            return FitResult.Failed(options, data, failure!);
        }

        Bootstrap.Draws? draws = options.BootstrapResamples > 0
            ? Bootstrap.Run(data, d, sample => Solve(options, sample, ctx, s), options.BootstrapResamples, options.BootstrapSeed)
            : null;
        return ResultBuilder.Build(options, data, d, s, u, draws);
    }

    internal static SolveOutcome Solve(FitOptions o, FitData d, SolveContext ctx, ModelSolution? start) => (o.Model, o.Objective) switch
    {
        (FitModel.SaturatingK, FitObjective.LogLeastSquares) => SaturatingLogSolver.Solve(d, ctx),
        (FitModel.SaturatingK, _) => SaturatingLinearSolver.Solve(d, ctx, start),
        (FitModel.FreeK, _) => FreeKSolver.Solve(d, o.Objective),
        (FitModel.ParametricE, FitObjective.LogLeastSquares) => ParametricESolver.Solve(d, ctx),
        _ => SolveOutcome.Fail("the parametric E(N) model is fitted with the log objective only"),
    };

    private static string? Precheck(CleanedData data, FitOptions o)
    {
        if (data.Count == 0)
        {
            return "no usable points" + ExclusionSummary(data);
        }

        int g = data.Sizes.Count;
        int minSizes = o.Model switch { FitModel.SaturatingK => 2, FitModel.ParametricE => 3, _ => 1 };
        if (g < minSizes)
        {
            return g == 1
                ? $"only one model size ({data.Sizes[0]:G4}): k(N) = Kmax·N/(N + N0) cannot be identified from one size; fit the free-k model or add sizes"
                : $"{g} model sizes: the parametric E(N) model needs at least {minSizes}";
        }

        int p = o.Model switch { FitModel.SaturatingK => 2 + g, FitModel.FreeK => 2 * g, _ => 4 };
        if (data.Count <= p)
        {
            return $"too few points: {data.Count} usable points for {p} parameters (at least {p + 1} needed)" + ExclusionSummary(data);
        }

        return o.Confidence is > 0 and < 1 ? null : $"confidence {o.Confidence} is not in (0, 1)";
    }

    private static string ExclusionSummary(CleanedData data) =>
        data.Excluded.Count == 0 ? string.Empty
            : "; excluded: " + string.Join(", ", data.Excluded.GroupBy(e => e.Reason).OrderBy(x => x.Key).Select(x => $"{x.Count()} {x.Key}"));

    internal static double TQuantile(int dof, double confidence) => StudentT.InvCDF(0, 1, dof, 0.5 + (confidence / 2));
}
