using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using Tracker.Contracts.Studies;
using Tracker.Web.Data;

namespace Tracker.Web.Charts;

/// <summary>Final test loss against model size: each run's last evaluation, the mean per size, what the law predicts
/// at each size's largest X, and optionally reference models to see where post-trained models stand.</summary>
public static class FinalLossChart
{
    /// <summary>Published reasoning models (held-out test loss), for comparison only.</summary>
    public static readonly IReadOnlyList<ReferenceModel> References =
    [
        new("Qwen3 0.6B", 0.6e9, 0.822), new("Qwen3 1.7B", 1.7e9, 0.712), new("Qwen3 4B", 4e9, 0.582),
        new("Qwen3 8B", 8e9, 0.634), new("Qwen3 14B", 14e9, 0.612), new("Qwen3 32B", 32e9, 0.588),
        new("Qwen3 MoE 30B", 3e10, 0.472), new("Qwen3 MoE 235B", 2.35e11, 0.398),
        new("GPT-OSS 20B", 2e10, 0.444), new("GPT-OSS 120B", 1.2e11, 0.340),
    ];

    public static Plot Build(StudyPageData page, string axis, bool showReferences)
    {
        ArgumentNullException.ThrowIfNull(page);
        var sizes = LossChart.Sizes(page);
        var finals = page.Dataset.Points.GroupBy(p => p.RunId)
            .Select(g => g.MaxBy(p => p.Step)!)
            .Where(p => p.N > 0 && double.IsFinite(p.L))
            .OrderBy(p => p.N)
            .ToList();
        var traces = new List<ITrace>();
        var runs = PlotParts.Markers("final loss of each run", PlotParts.DataRole, finals.Select(p => (object)Palette.ForSize(sizes, p.N)).ToList(),
            PlotParts.Objects(finals.Select(p => p.N)), PlotParts.Objects(finals.Select(p => p.L)), size: 7);
        runs.TextArray = finals.Select(p => $"{p.Run} (step {p.Step})").ToList();
        runs.HoverTemplate = "%{text}<br>L %{y:.4f}<extra></extra>";
        traces.Add(runs);

        var means = finals.GroupBy(p => p.N).Select(g => (N: g.Key, L: g.Average(p => p.L))).ToList();
        if (means.Count > 1)
        {
            var mean = PlotParts.Line("mean per size", PlotParts.DataRole, "#333333", PlotParts.Objects(means.Select(m => m.N)), PlotParts.Objects(means.Select(m => m.L)));
            mean.Mode = ModeFlag.Lines | ModeFlag.Markers;
            traces.Add(mean);
        }

        var fit = page.Fit(axis);
        if (fit.Succeeded && fit.Sizes.Count > 0)
        {
            var law = fit.Sizes.OrderBy(s => s.N).ToList();
            var predicted = law.Select(s => Math.Pow(10, s.E.Value - (s.K.Value * Math.Log10(s.XMax)))).ToList();
            var trace = PlotParts.Line("law at each size's largest X", PlotParts.FitRole, "#0072B2", PlotParts.Objects(law.Select(s => s.N)), PlotParts.Objects(predicted), dash: "dash", width: 2);
            traces.Add(trace);
        }

        if (showReferences)
        {
            var refs = PlotParts.Markers("reference models", PlotParts.MarkRole, "#999999", PlotParts.Objects(References.Select(r => r.N)), PlotParts.Objects(References.Select(r => r.L)), size: 9);
            refs.Marker.Symbol = Plotly.Blazor.Traces.ScatterLib.MarkerLib.SymbolEnum.Diamond;
            refs.TextArray = References.Select(r => r.Name).ToList();
            refs.HoverTemplate = "%{text}<br>L %{y:.3f}<extra></extra>";
            traces.Add(refs);
        }

        return new Plot(traces, PlotParts.Layout("Final test loss against model size", "model size N (parameters)", "final test loss L", logX: true, logY: false, "final"));
    }
}

public sealed record ReferenceModel(string Name, double N, double L);
