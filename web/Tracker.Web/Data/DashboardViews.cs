using Tracker.Contracts.Runs;
using Tracker.Contracts.Studies;

namespace Tracker.Web.Data;

/// <summary>A row of the studies list.</summary>
public sealed record StudyListItem(StudyView Study, int Running, int Finished, FitView? LatestComputeFit, int OpenWarnings);

/// <summary>Everything the study page shows, read in one go so the page is consistent with one high-water mark.</summary>
public sealed record StudyPageData(
    StudyDetailView Detail,
    DatasetView Dataset,
    AxisAnalysis Compute,
    AxisAnalysis Data,
    ReuseView Reuse,
    IReadOnlyList<WarningView> Warnings,
    long HighWaterMark)
{
    public AxisAnalysis For(string axis) => axis == Axes.Data ? Data : Compute;
}

/// <summary>The law on one axis with what follows from it.</summary>
public sealed record AxisAnalysis(string Axis, FitView Fit, SaturationView Saturation, IReadOnlyList<ForecastView> Forecasts);

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
