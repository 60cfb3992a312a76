using System.Text.Json;
using Tracker.Contracts.Runs;
using Tracker.Contracts.Studies;
using Tracker.Web.Data;

namespace Tracker.Web.Tests.Fakes;

/// <summary>Small, readable contracts views for component tests, built from the law itself.</summary>
public static class Views
{
    public const double Kmax = 0.133;
    public const double N0 = 1.38e10;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly IReadOnlyList<double> Sizes = [0.5e9, 7e9, 72e9];

    public static double K(double n) => Kmax / (1 + (N0 / n));

    public static double E(double n) => 1.0 + (0.1 * Math.Log10(n / 1e9));

    public static StudyView Study(string name = "sweep", IReadOnlyList<double>? sizes = null, int runs = 3) =>
        new(name, DateTimeOffset.UnixEpoch, runs, sizes ?? Sizes, DateTimeOffset.UnixEpoch.AddDays(1));

    public static RunSummaryView Run(string name, double n, string status = "running", double? tau = null, long? unique = null, Guid? id = null) => new(
        id ?? Guid.NewGuid(), "sweep", name, new ModelSpec("Qwen2.5", n), new TrainingSpec(512, 8, unique),
        new Dictionary<string, string>(), status, null, DateTimeOffset.UnixEpoch, null, 40, 40, 0.5, 0.2,
        40 * 512, 1e8, 1e20, tau, new Dictionary<string, EvaluationData>(), []);

    public static List<ScalingPointView> Points(IReadOnlyList<RunSummaryView> runs, int steps = 30)
    {
        var points = new List<ScalingPointView>();
        foreach (var run in runs)
        {
            var n = run.Model.Parameters!.Value;
            for (var step = 1; step <= steps; step++)
            {
                var c = 6 * n * 4.5e6 * step;
                var l = Math.Pow(10, E(n) - (K(n) * Math.Log10(c)));
                points.Add(new ScalingPointView(n, run.RunId, run.Name, step, c, 512.0 * step, run.Tau, l, 1 - l));
            }
        }

        return points;
    }

    public static FitView Fit(string axis = Axes.Compute, IReadOnlyList<double>? sizes = null) => new(
        "sweep", axis, true, null, Estimate(Kmax, 0.002), Estimate(N0, 1e9),
        (sizes ?? Sizes).Select(n => new SizeFitView(n, Estimate(K(n), 0.001), Estimate(E(n), 0.01), 30, 6 * n * 4.5e6, 6 * n * 4.5e6 * 30, 0.99)).ToList(),
        0.995, 0.004, 90, 0, 42, DateTimeOffset.UnixEpoch.AddDays(1));

    public static FitView FailedFit(string axis = Axes.Compute, string reason = "only one model size: k(N) needs at least two") => new(
        "sweep", axis, false, reason, null, null, [], null, null, 0, 0, 42, DateTimeOffset.UnixEpoch);

    public static SaturationView Saturation(string axis = Axes.Compute, IReadOnlyList<double>? sizes = null) => new(
        axis, true, null, Estimate(Kmax, 0.002), Estimate(N0, 1e9),
        [new(0.5, N0), new(0.8, 4 * N0), new(0.9, 9 * N0)],
        (sizes ?? Sizes).Select(n => new SizeSaturationView(n, K(n), K(n) / Kmax, 0.01, K(n) * 1.02, 0.002)).ToList(),
        3.2, "saturating");

    public static SaturationView FailedSaturation(string axis = Axes.Compute) => new(axis, false, "needs three sizes", null, null, [], [], null, "none");

    public static WarningView Warning(RunSummaryView run, double tau, DateTimeOffset? cleared = null) => new(
        "reuse-threshold-exceeded", run.RunId, run.Name, $"{run.Name} has reused its unique prompts {tau} times (τ > 25)",
        DateTimeOffset.UnixEpoch.AddHours(3), cleared, new Dictionary<string, double> { ["tau"] = tau, ["threshold"] = 25 });

    public static StudyPageData Page(
        IReadOnlyList<RunSummaryView>? runs = null,
        bool fitted = true,
        IReadOnlyList<WarningView>? warnings = null,
        long highWaterMark = 42,
        ReuseView? reuse = null,
        int steps = 30)
    {
        runs ??= Sizes.Select(n => Run($"r-{n / 1e9}B", n)).ToList();
        var sizes = runs.Select(r => r.Model.Parameters!.Value).Distinct().Order().ToList();
        var points = Points(runs, steps);
        return new StudyPageData(
            new StudyDetailView(Study(sizes: sizes, runs: runs.Count), runs),
            new DatasetView("sweep", "holdout", points),
            fitted ? Fit(Axes.Compute, sizes) : FailedFit(Axes.Compute),
            fitted ? Fit(Axes.Data, sizes) : FailedFit(Axes.Data),
            reuse ?? new ReuseView(false, "no run in this study declares training.uniqueSamples, so τ is unknown", null, [], null, 25),
            warnings ?? [],
            highWaterMark);
    }

    /// <summary>The analysis that goes with a page: a saturation curve when the page has a fit, else the reason.</summary>
    public static AxisAnalysis Analysis(StudyPageData page, string axis)
    {
        ArgumentNullException.ThrowIfNull(page);
        var fit = page.Fit(axis);
        return new AxisAnalysis(axis, page.HighWaterMark, fit.Succeeded ? Saturation(axis, fit.Sizes.Select(s => s.N).ToList()) : FailedSaturation(axis), []);
    }

    public static RunEventView Event(long version, string type, object data) =>
        new(version + 100, version, type, DateTimeOffset.UnixEpoch.AddMinutes(version), "corr-" + version, null, "tester", new Dictionary<string, string>(), JsonSerializer.SerializeToElement(data, Json));

    private static EstimateView Estimate(double value, double se) => new(value, se, value - (1.96 * se), value + (1.96 * se));
}
