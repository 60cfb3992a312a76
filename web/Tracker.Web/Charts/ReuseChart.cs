using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using Tracker.Contracts.Studies;

namespace Tracker.Web.Charts;

/// <summary>The reuse sweep: final loss against τ with the noise of each comparison, the comparable range shaded.</summary>
public static class ReuseChart
{
    public static Plot? Build(ReuseView reuse)
    {
        ArgumentNullException.ThrowIfNull(reuse);
        if (!reuse.Succeeded || reuse.Taus.Count == 0)
        {
            return null;
        }

        var taus = reuse.Taus.Where(t => t.Tau > 0 && double.IsFinite(t.FinalLoss)).OrderBy(t => t.Tau).ToList();
        var traces = new List<ITrace>();
        foreach (var group in taus.GroupBy(t => t.Comparable))
        {
            var name = group.Key ? "comparable to τ = 1" : "not comparable (loss differs beyond noise)";
            var colour = group.Key ? "#009E73" : "#D55E00";
            var trace = PlotParts.Markers(name, PlotParts.DataRole, colour, PlotParts.Objects(group.Select(t => t.Tau)), PlotParts.Objects(group.Select(t => t.FinalLoss)), size: 10);
            trace.ErrorY = new ErrorY
            {
                Type = Plotly.Blazor.Traces.ScatterLib.ErrorYLib.TypeEnum.Data,
                Array = group.Select(t => (object)(2 * t.Noise)).ToList(),
                Visible = true,
                Color = colour,
            };
            trace.TextArray = group.Select(t => (t.Overfitting ? "overfitting suspected" : "")).ToList();
            trace.HoverTemplate = "τ %{x}<br>final L %{y:.4f}<br>%{text}<extra></extra>";
            traces.Add(trace);
        }

        var layout = PlotParts.Layout("Final test loss against reuse τ", "reuse τ = samples consumed / unique samples", "final test loss L", logX: true, logY: false, "reuse");
        if (reuse.LargestComparableTau is { } largest && taus.Count > 0)
        {
            layout.Shapes =
            [
                new Shape
                {
                    Type = Plotly.Blazor.LayoutLib.ShapeLib.TypeEnum.Rect,
                    XRef = "x",
                    YRef = "paper",
                    X0 = taus[0].Tau,
                    X1 = largest,
                    Y0 = 0,
                    Y1 = 1,
                    FillColor = "rgba(0,158,115,0.10)",
                    Line = new Plotly.Blazor.LayoutLib.ShapeLib.Line { Width = 0 },
                    Layer = Plotly.Blazor.LayoutLib.ShapeLib.LayerEnum.Below,
                },
            ];
        }

        return new Plot(traces, layout);
    }
}
