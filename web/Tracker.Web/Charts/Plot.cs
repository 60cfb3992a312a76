using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace Tracker.Web.Charts;

/// <summary>A chart as data: what a PlotlyChart draws. Builders return a new one on every change, which is how
/// <see cref="Components.ChartView"/> knows to call Plotly's react (PlotlyChart never re-renders by itself).</summary>
public sealed record Plot(IList<ITrace> Traces, Layout Layout)
{
    /// <summary>Traces tagged with <see cref="Scatter.Meta"/> = role, for tests and for people reading the DOM.</summary>
    public IEnumerable<Scatter> Role(string role) => Traces.OfType<Scatter>().Where(s => Equals(s.Meta, role));
}

/// <summary>Small factories so builders read as what they draw.</summary>
public static class PlotParts
{
    public const string DataRole = "data";
    public const string FitRole = "fit";
    public const string BandRole = "band";
    public const string MarkRole = "mark";

    public static Layout Layout(string title, string xTitle, string yTitle, bool logX, bool logY, string revision) => new()
    {
        Title = new Title { Text = title, X = 0.01m, XAnchor = Plotly.Blazor.LayoutLib.TitleLib.XAnchorEnum.Left },
        XAxis = [new XAxis
        {
            Type = logX ? Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Log : Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Linear,
            Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = xTitle },
            ExponentFormat = Plotly.Blazor.LayoutLib.XAxisLib.ExponentFormatEnum.Power,
            GridColor = "#e5e5e5",
        }],
        YAxis = [new YAxis
        {
            Type = logY ? Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Log : Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Linear,
            Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = yTitle },
            GridColor = "#e5e5e5",
        }],
        Margin = new Margin { L = 64, R = 16, T = 40, B = 52 },
        HoverMode = HoverModeEnum.Closest,
        PlotBgColor = "#ffffff",
        PaperBgColor = "#ffffff",
        Font = new Font { Family = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", Size = 12 },
        // Same revision across live updates: Plotly keeps the user's zoom and legend toggles.
        UiRevision = revision,
    };

    public static Scatter Line(string name, string role, string colour, IList<object> x, IList<object> y, string? dash = null, decimal width = 1.5m) => new()
    {
        Name = name,
        Meta = role,
        Mode = ModeFlag.Lines,
        X = x,
        Y = y,
        Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = colour, Width = width, Dash = dash },
    };

    public static Scatter Markers(string name, string role, object colour, IList<object> x, IList<object> y, decimal size = 8) => new()
    {
        Name = name,
        Meta = role,
        Mode = ModeFlag.Markers,
        X = x,
        Y = y,
        Marker = new Marker { Color = colour, Size = size },
    };

    /// <summary>A filled band between two curves over the same x: the upper edge, then the lower one filled up to it.</summary>
    public static IEnumerable<Scatter> Band(string name, string colour, IList<object> x, IList<object> low, IList<object> high, string? legendGroup = null)
    {
        yield return new Scatter
        {
            Name = name + " upper",
            Meta = BandRole,
            Mode = ModeFlag.Lines,
            X = x,
            Y = high,
            Line = new Plotly.Blazor.Traces.ScatterLib.Line { Width = 0, Color = colour },
            ShowLegend = false,
            HoverInfo = HoverInfoFlag.Skip,
            LegendGroup = legendGroup,
        };
        yield return new Scatter
        {
            Name = name,
            Meta = BandRole,
            Mode = ModeFlag.Lines,
            X = x,
            Y = low,
            Fill = FillEnum.ToNextY,
            FillColor = Palette.Translucent(colour, 0.18),
            Line = new Plotly.Blazor.Traces.ScatterLib.Line { Width = 0, Color = colour },
            ShowLegend = legendGroup is null,
            HoverInfo = HoverInfoFlag.Skip,
            LegendGroup = legendGroup,
        };
    }

    /// <summary>n points evenly spaced in log10 between lo and hi (both &gt; 0).</summary>
    public static double[] LogSpace(double lo, double hi, int n)
    {
        if (!(lo > 0) || !(hi > lo) || n < 2)
        {
            return lo > 0 ? [lo] : [];
        }

        double a = Math.Log10(lo), b = Math.Log10(hi);
        return Enumerable.Range(0, n).Select(i => Math.Pow(10, a + ((b - a) * i / (n - 1)))).ToArray();
    }

    public static List<object> Objects(IEnumerable<double> values) => values.Select(v => (object)v).ToList();
}
