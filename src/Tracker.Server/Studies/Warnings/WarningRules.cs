using Tracker.Contracts.Studies;
using Tracker.Domain.Studies.Analysis;

namespace Tracker.Server.Studies.Warnings;

/// <summary>Which warnings hold for a study's data now. Pure: the live fitter raises the new ones and clears the
/// ones that no longer hold, so the history of each warning is in the study's events.</summary>
public static class WarningRules
{
    public const string ReuseThresholdExceeded = "reuse-threshold-exceeded";
    public const string OverfittingSuspected = "overfitting-suspected";
    public const string SaturatingFormRejected = "saturating-form-rejected";
    public const string ForecastWorseThanSmaller = "forecast-worse-than-smaller";

    public static List<Condition> Evaluate(StudyData data, double reuseThreshold = StudyQueries.DefaultReuseThreshold)
    {
        var conditions = new List<Condition>();
        foreach (var run in data.Curves.Where(c => c.UniqueSamples is > 0 && !c.ExcludedFromFits))
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

        conditions.AddRange(WorseThanSmaller(data));

        var saturation = StudyAnalysis.Saturation(Axis.Compute, data.Points);
        if (saturation.Succeeded && saturation.Preferred == "free-k" && saturation.DeltaAic is { } deltaAic)
        {
            conditions.Add(new Condition(SaturatingFormRejected, null, null,
                $"the saturating k(N) = Kmax/(1 + N0/N) fits worse than a free k per size (ΔAIC = {deltaAic:0.0})",
                new Dictionary<string, double> { ["deltaAic"] = deltaAic }));
        }

        return conditions;
    }

    /// <summary>Running jobs whose forecast final loss is beaten, at the same compute, by a smaller trained size's law:
    /// the compute would buy a lower loss on the smaller model (the crossover of science.md §6).</summary>
    private static IEnumerable<Condition> WorseThanSmaller(StudyData data)
    {
        var running = data.Curves.Where(c => !c.Finished).Select(c => c.Id).ToHashSet();
        if (running.Count == 0)
        {
            yield break;
        }

        // The live fitter has just fitted the same data: reuse it rather than fit again every tick.
        var fit = data.Fits.GetOrAdd(Axis.Compute, null, () => StudyAnalysis.Fit(data.Summary.Id, Axis.Compute, data.Points, data.HighWaterMark, DateTimeOffset.UtcNow));
        if (!fit.Succeeded)
        {
            yield break;
        }

        var names = data.Curves.ToDictionary(c => c.Id, c => c.Name);
        foreach (var f in StudyAnalysis.Forecasts(Axis.Compute, data.Points, id => (names.GetValueOrDefault(id, "?"), false)))
        {
            if (!running.Contains(f.RunId) || f.PredictedFinalL is not { } predicted || f.Rest.Count == 0)
            {
                continue;
            }

            var compute = f.Rest[^1].X;
            var better = fit.Sizes
                .Where(s => s.N < f.N)
                .Select(s => (s.N, Loss: Math.Pow(10, (-s.K.Value * Math.Log10(compute)) + s.E.Value)))
                .Where(s => s.Loss < predicted)
                .OrderBy(s => s.Loss)
                .FirstOrDefault();
            if (better.N > 0)
            {
                yield return new Condition(ForecastWorseThanSmaller, f.RunId, f.Run,
                    $"{f.Run} is forecast to end at L = {predicted:0.000} after {compute:0.##e+0} FLOPs; a {better.N / 1e9:0.#}B model reaches L = {better.Loss:0.000} with the same compute",
                    new Dictionary<string, double> { ["forecastFinalLoss"] = predicted, ["compute"] = compute, ["smallerN"] = better.N, ["smallerLoss"] = better.Loss });
            }
        }
    }

    public sealed record Condition(string Kind, Guid? RunId, string? Run, string Message, IReadOnlyDictionary<string, double> Evidence);
}
