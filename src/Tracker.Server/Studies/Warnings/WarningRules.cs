using Tracker.Contracts.Studies;
using Tracker.Server.Studies.Analysis;

namespace Tracker.Server.Studies.Warnings;

/// <summary>Which warnings hold for a study's data now. Pure: the live fitter raises the new ones and clears the
/// ones that no longer hold, so the history of each warning is in the study's events.</summary>
public static class WarningRules
{
    public const string ReuseThresholdExceeded = "reuse-threshold-exceeded";
    public const string OverfittingSuspected = "overfitting-suspected";
    public const string SaturatingFormRejected = "saturating-form-rejected";

    public static List<Condition> Evaluate(StudyData data, double reuseThreshold = StudyQueries.DefaultReuseThreshold)
    {
        var conditions = new List<Condition>();
        foreach (var run in data.Curves.Where(c => c.UniqueSamples is > 0))
        {
            var consumed = run.Samples.Where(double.IsFinite).Sum();
            var tau = consumed / run.UniqueSamples!.Value;
            if (tau > reuseThreshold)
            {
                conditions.Add(new Condition(ReuseThresholdExceeded, run.Id, run.Name,
                    $"{run.Name} has reused its {run.UniqueSamples} unique prompts {tau:0.#} times (τ > {reuseThreshold}); beyond τ = {reuseThreshold} held-out loss is not comparable",
                    new Dictionary<string, double> { ["tau"] = tau, ["threshold"] = reuseThreshold, ["uniqueSamples"] = run.UniqueSamples.Value, ["samplesConsumed"] = consumed }));
            }
        }

        var reuse = StudyAnalysis.Reuse(data.Points, reuseThreshold);
        if (reuse.Succeeded)
        {
            var runsByTau = data.Points.Where(p => p.N == reuse.N && p.Tau is not null)
                .GroupBy(p => p.RunId)
                .Select(g => (RunId: g.Key, Run: g.First().Run, Tau: Math.Round(g.Max(p => p.Tau!.Value), 1)))
                .ToList();
            foreach (var tau in reuse.Taus.Where(t => t.Overfitting))
            {
                foreach (var run in runsByTau.Where(r => r.Tau == tau.Tau))
                {
                    conditions.Add(new Condition(OverfittingSuspected, run.RunId, run.Run,
                        $"{run.Run} (τ = {tau.Tau}) shows held-out loss rising late in training while it keeps training: overfitting from data reuse",
                        new Dictionary<string, double> { ["tau"] = tau.Tau, ["finalLoss"] = tau.FinalLoss, ["differenceFromTau1"] = tau.DifferenceFromTau1, ["noise"] = tau.Noise }));
                }
            }
        }

        var saturation = StudyAnalysis.Saturation(Axis.Compute, data.Points);
        if (saturation.Succeeded && saturation.Preferred == "free-k" && saturation.DeltaAic is { } deltaAic)
        {
            conditions.Add(new Condition(SaturatingFormRejected, null, null,
                $"the saturating k(N) = Kmax/(1 + N0/N) fits worse than a free k per size (ΔAIC = {deltaAic:0.0})",
                new Dictionary<string, double> { ["deltaAic"] = deltaAic }));
        }

        return conditions;
    }

    public sealed record Condition(string Kind, Guid? RunId, string? Run, string Message, IReadOnlyDictionary<string, double> Evidence);
}
