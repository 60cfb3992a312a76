using System.Globalization;
using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using Tracker.Contracts.Studies;

namespace Tracker.Web.Charts;

/// <summary>Learning efficiency k against model size: the free k fitted per size with 95% error bars, the saturating
/// curve k(N) = Kmax/(1 + N0/N) with a band from the intervals of Kmax and N0, and the sizes where k reaches
/// 50/80/90% of Kmax.</summary>
public static class KChart
{
    public static Plot? Build(SaturationView saturation, IReadOnlyList<double> sizes)
    {
        ArgumentNullException.ThrowIfNull(saturation);
        ArgumentNullException.ThrowIfNull(sizes);
        if (!saturation.Succeeded || saturation.Kmax is not { } kmax || saturation.N0 is not { } n0)
        {
            return null;
        }

        var traces = new List<ITrace>();
        var trained = saturation.Sizes.Select(s => s.N).Where(n => n > 0).ToList();
        var lo = Math.Min(trained.DefaultIfEmpty(n0.Value).Min(), n0.Value) / 4;
        var hi = Math.Max(trained.DefaultIfEmpty(n0.Value).Max(), n0.Value) * 4;
        var ns = PlotParts.LogSpace(lo, hi, 120);
        var x = PlotParts.Objects(ns);

        // Band: the envelope of the curve over the corners of the two intervals (no covariance in the view).
        var corners = new[] { (kmax.Low, n0.Low), (kmax.Low, n0.High), (kmax.High, n0.Low), (kmax.High, n0.High) }
            .Where(c => c.Item1 > 0 && c.Item2 > 0)
            .ToList();
        if (corners.Count > 0)
        {
            var low = ns.Select(n => corners.Min(c => K(c.Item1, c.Item2, n))).ToList();
            var high = ns.Select(n => corners.Max(c => K(c.Item1, c.Item2, n))).ToList();
            traces.AddRange(PlotParts.Band("k(N) band from the 95% intervals", "#555555", x, PlotParts.Objects(low), PlotParts.Objects(high)));
        }

        var curve = PlotParts.Line("k(N) = Kmax/(1 + N0/N)", PlotParts.FitRole, "#222222", x, PlotParts.Objects(ns.Select(n => K(kmax.Value, n0.Value, n))), width: 2);
        curve.HoverTemplate = "N %{x:.3s}<br>k %{y:.4f}<extra>k(N)</extra>";
        traces.Add(curve);
        traces.Add(PlotParts.Line("Kmax", PlotParts.MarkRole, "#888888", PlotParts.Objects([lo, hi]), PlotParts.Objects([kmax.Value, kmax.Value]), dash: "dash", width: 1));

        foreach (var level in saturation.Levels.Where(l => l.N > 0 && double.IsFinite(l.N)))
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{Format.Percent(level.Fraction)} of Kmax at N = {Format.Size(level.N)}");
            var mark = PlotParts.Line(name, PlotParts.MarkRole, "#999999", PlotParts.Objects([level.N, level.N]), PlotParts.Objects([0.0, level.Fraction * kmax.Value]), dash: "dot", width: 1);
            mark.HoverTemplate = name + "<extra></extra>";
            traces.Add(mark);
        }

        var free = saturation.Sizes.Where(s => s.FreeK is { } k && double.IsFinite(k)).OrderBy(s => s.N).ToList();
        if (free.Count > 0)
        {
            var points = PlotParts.Markers("free k per size (95%)", PlotParts.DataRole, free.Select(s => (object)Palette.ForSize(sizes, s.N)).ToList(),
                PlotParts.Objects(free.Select(s => s.N)), PlotParts.Objects(free.Select(s => s.FreeK!.Value)), size: 10);
            points.ErrorY = new ErrorY
            {
                Type = Plotly.Blazor.Traces.ScatterLib.ErrorYLib.TypeEnum.Data,
                Array = free.Select(s => (object)(1.96 * (s.FreeKStandardError ?? 0))).ToList(),
                Visible = true,
                Color = "#444444",
            };
            points.TextArray = free.Select(s => Format.Size(s.N)).ToList();
            points.HoverTemplate = "%{text}: free k %{y:.4f}<extra></extra>";
            traces.Add(points);
        }

        var layout = PlotParts.Layout($"Learning efficiency k(N) ({saturation.Axis})", "model size N (parameters)", "k", logX: true, logY: false, $"k-{saturation.Axis}");
        return new Plot(traces, layout);
    }

    public static double K(double kmax, double n0, double n) => kmax / (1 + (n0 / n));
}
