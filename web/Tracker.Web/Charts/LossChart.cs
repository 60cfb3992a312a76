using System.Globalization;
using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using Tracker.Contracts.Studies;
using Tracker.Web.Data;

namespace Tracker.Web.Charts;

/// <summary>Test loss against compute or data, one colour per model size: each size is one trace whose runs are
/// thin lines separated by gaps, the fitted law is a dashed line per size over the size's data range, and a held-out
/// size gets its prediction band.</summary>
public static class LossChart
{
    public const int MaxPointsPerRun = 400;

    /// <summary>Points drawn for the whole chart at most: more runs get fewer points each, so 100 long runs still
    /// ship a few tens of thousands of points and draw in about a second.</summary>
    public const int PointBudget = 24_000;

    public static Plot Build(StudyPageData page, string axis, bool log = true, FitView? holdout = null, int? pointsPerRun = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        var perRun = pointsPerRun ?? PointsPerRun(page.Detail.Runs.Count);
        var fit = page.Fit(axis);
        var sizes = Sizes(page);
        var traces = new List<ITrace>();
        foreach (var size in page.Dataset.Points.GroupBy(p => p.N).OrderBy(g => g.Key))
        {
            traces.Add(SizeTrace(size.Key, size, axis, Palette.ForSize(sizes, size.Key), perRun));
        }

        if (fit.Succeeded)
        {
            foreach (var s in fit.Sizes.OrderBy(s => s.N))
            {
                traces.Add(LawTrace(s, Palette.ForSize(sizes, s.N)));
            }
        }

        if (holdout?.Holdout is { Predicted.Count: > 0 } held)
        {
            var colour = Palette.ForSize(sizes, held.N);
            var ordered = held.Predicted.Where(p => p.X > 0 && Finite(p.L, p.Low, p.High)).OrderBy(p => p.X).ToList();
            var x = PlotParts.Objects(ordered.Select(p => p.X));
            traces.AddRange(PlotParts.Band($"{Format.Size(held.N)} predicted (95% band)", colour, x, PlotParts.Objects(ordered.Select(p => p.Low)), PlotParts.Objects(ordered.Select(p => p.High))));
            var line = PlotParts.Line($"{Format.Size(held.N)} predicted from the other sizes", PlotParts.FitRole + "-holdout", colour, x, PlotParts.Objects(ordered.Select(p => p.L)), dash: "dot", width: 2.5m);
            traces.Add(line);
        }

        var (xTitle, title) = axis == Axes.Data ? ("D (prompts consumed)", "Test loss against data") : ("C (training FLOPs)", "Test loss against compute");
        var layout = PlotParts.Layout(title, xTitle, "test loss L = 1 − pass@1", log, log, $"loss-{axis}-{(log ? "log" : "lin")}");
        return new Plot(traces, layout);
    }

    public static int PointsPerRun(int runs) => Math.Clamp(PointBudget / Math.Max(runs, 1), 60, MaxPointsPerRun);

    /// <summary>The study's sizes in ascending order: the key of the colour of each size.</summary>
    public static IReadOnlyList<double> Sizes(StudyPageData page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.Detail.Study.ModelSizes.Concat(page.Dataset.Points.Select(p => p.N)).Distinct().Order().ToList();
    }

    private static Scatter SizeTrace(double n, IEnumerable<ScalingPointView> points, string axis, string colour, int pointsPerRun)
    {
        var x = new List<object>();
        var y = new List<object>();
        var runNames = new List<string>();
        var numbers = new List<object>();
        foreach (var run in points.GroupBy(p => p.RunId).OrderBy(g => g.First().Run, StringComparer.Ordinal))
        {
            var usable = run.Where(p => AxisValue(p, axis) > 0 && p.L > 0 && double.IsFinite(p.L)).OrderBy(p => p.Step).ToList();
            if (usable.Count == 0)
            {
                continue;
            }

            // Shape-preserving downsampling in the space the chart is drawn in (log-log).
            var keep = Downsampler.Lttb(usable.Select(p => Math.Log10(AxisValue(p, axis))).ToList(), usable.Select(p => Math.Log10(p.L)).ToList(), pointsPerRun);
            if (x.Count > 0)
            {
                // A gap ends one run's line, so every run of the size is one trace with one legend entry.
                x.Add(null!);
                y.Add(null!);
                runNames.Add("");
                numbers.Add(null!);
            }

            foreach (var i in keep)
            {
                var p = usable[i];
                x.Add(Compact(AxisValue(p, axis)));
                y.Add(Compact(p.L));
                runNames.Add(p.Run);
                // Hover numbers travel as data, not as preformatted text: a third of the bytes on big studies.
                numbers.Add(new object[] { p.Step, Compact(p.C), Compact(p.D) });
            }
        }

        return new Scatter
        {
            Name = Format.Size(n),
            Meta = PlotParts.DataRole,
            LegendGroup = Format.Size(n),
            Mode = ModeFlag.Lines | ModeFlag.Markers,
            X = x,
            Y = y,
            TextArray = runNames,
            CustomData = numbers,
            HoverTemplate = "%{text}<br>step %{customdata[0]}<br>C %{customdata[1]:.3e} FLOPs · D %{customdata[2]:.3e} prompts<br>L %{y:.4f}<extra></extra>",
            ConnectGaps = false,
            Line = new Line { Color = colour, Width = 1 },
            Marker = new Marker { Color = colour, Size = 3 },
            Opacity = 0.85m,
        };
    }

    /// <summary>Seven significant digits are plenty for a chart and halve the JSON of a double.</summary>
    public static double Compact(double value) =>
        double.IsFinite(value) ? double.Parse(value.ToString("G7", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : value;

    private static Scatter LawTrace(SizeFitView s, string colour)
    {
        var xs = PlotParts.LogSpace(s.XMin, s.XMax, 40);
        var ys = xs.Select(x => Math.Pow(10, s.E.Value - (s.K.Value * Math.Log10(x)))).ToList();
        var trace = PlotParts.Line($"{Format.Size(s.N)} fit", PlotParts.FitRole, colour, PlotParts.Objects(xs), PlotParts.Objects(ys), dash: "dash", width: 2);
        trace.LegendGroup = Format.Size(s.N);
        trace.ShowLegend = false;
        trace.HoverTemplate = string.Create(CultureInfo.InvariantCulture, $"{Format.Size(s.N)} law: k = {s.K.Value:0.0000}, E = {s.E.Value:0.000}<br>L %{{y:.4f}}<extra></extra>");
        return trace;
    }

    public static double AxisValue(ScalingPointView p, string axis)
    {
        ArgumentNullException.ThrowIfNull(p);
        return axis == Axes.Data ? p.D : p.C;
    }

    private static bool Finite(params double[] values) => values.All(double.IsFinite);
}
