using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using Tracker.Web.Data;

namespace Tracker.Web.Charts;

/// <summary>Metrics of runs over steps, optionally smoothed (exponential moving average, as in TensorBoard).</summary>
public static class MetricChart
{
    public static Plot Build(string title, IReadOnlyList<(string Name, MetricSeries Series)> series, bool logX, bool logY, double smoothing, string revision)
    {
        ArgumentNullException.ThrowIfNull(series);
        var traces = new List<ITrace>();
        for (var i = 0; i < series.Count; i++)
        {
            var (name, s) = series[i];
            var points = s.Steps.Zip(s.Values).Where(p => double.IsFinite(p.Second) && (!logX || p.First > 0) && (!logY || p.Second > 0)).ToList();
            var values = Smooth(points.Select(p => p.Second).ToList(), smoothing);
            var colour = Palette.Colours[i % Palette.Colours.Count];
            var trace = PlotParts.Line(name, PlotParts.DataRole, colour, PlotParts.Objects(points.Select(p => p.First)), PlotParts.Objects(values));
            trace.HoverTemplate = $"{System.Net.WebUtility.HtmlEncode(name)}<br>step %{{x}}<br>%{{y:.5g}}<extra></extra>";
            traces.Add(trace);
        }

        var yTitle = series.Select(s => s.Series.Metric).Distinct().Count() == 1 ? series[0].Series.Metric : "value";
        return new Plot(traces, PlotParts.Layout(title, "step", yTitle, logX, logY, revision));
    }

    public static List<double> Smooth(IReadOnlyList<double> values, double weight)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (weight <= 0 || values.Count == 0)
        {
            return [.. values];
        }

        var result = new List<double>(values.Count);
        double last = 0, debias = 0;
        foreach (var v in values)
        {
            last = (last * weight) + ((1 - weight) * v);
            debias = (debias * weight) + (1 - weight);
            result.Add(last / debias);
        }

        return result;
    }
}
