using Tracker.Contracts.Runs;
using Tracker.Contracts.Studies;

namespace Tracker.Web.Data;

/// <summary>A row of the studies list.</summary>
public sealed record StudyListItem(StudyView Study, int Running, int Finished, FitView? LatestComputeFit, int OpenWarnings);

/// <summary>What the study page draws first, read in one go so it is consistent with one high-water mark: runs,
/// points, the fitted law on both axes, reuse and warnings. The slower analyses come with <see cref="AxisAnalysis"/>.</summary>
public sealed record StudyPageData(
    StudyDetailView Detail,
    DatasetView Dataset,
    FitView ComputeFit,
    FitView DataFit,
    ReuseView Reuse,
    IReadOnlyList<WarningView> Warnings,
    long HighWaterMark)
{
    public FitView Fit(string axis) => axis == Axes.Data ? DataFit : ComputeFit;
}

/// <summary>What follows from the law on one axis and takes longer on big studies: the k(N) saturation analysis and
/// the forecasts of every run (without their per-step predictions, which the page does not draw).</summary>
public sealed record AxisAnalysis(string Axis, long HighWaterMark, SaturationView Saturation, IReadOnlyList<ForecastView> Forecasts);

public static class Axes
{
    public const string Compute = "compute";
    public const string Data = "data";
}

/// <summary>The run page's data; metrics are loaded one at a time with <see cref="IDashboardData.GetRunMetricAsync"/>.</summary>
public sealed record RunPageData(
    RunSummaryView Run,
    string? ConfigJson,
    IReadOnlyList<WarningView> Warnings,
    IReadOnlyList<string> Metrics,
    IReadOnlyList<EvaluationSeries> Evaluations);

/// <summary>pass@1 of one evaluation dataset over steps.</summary>
public sealed record EvaluationSeries(string Dataset, IReadOnlyList<double> Steps, IReadOnlyList<double> PassAt1);

/// <summary>A metric over steps; <see cref="TotalPoints"/> is how many the run has, <see cref="Steps"/> what is shown.</summary>
public sealed record MetricSeries(string Metric, long TotalPoints, IReadOnlyList<double> Steps, IReadOnlyList<double> Values);
