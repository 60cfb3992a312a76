using System.Net.Http.Json;
using Tracker.Contracts.Studies;
using Tracker.Scaling.Synthetic;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Studies;

public sealed class WarningTests
{
    [Fact]
    public async Task A_reuse_sweep_warns_for_tau_100_and_not_for_tau_up_to_25()
    {
        var spec = new ReuseSweepSpec { Runs = 2, Seed = 4 };
        var points = SyntheticReuseSweep.Generate(spec);
        await using var app = new TrackerApp(await TestDatabase.CreateAsync());
        var api = new Api(app.CreateClient());
        const long TotalPrompts = 100 * SweepPoster.BatchSize;
        var runs = await SweepPoster.PostAsync(api, "reuse", points,
            uniqueSamples: run => (long)(TotalPrompts / double.Parse(run[3..run.IndexOf('-', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture)));
        await StudyWaits.ProjectionsAsync(app);
        var live = await api.Http.GetFromJsonAsync<FitView>(new Uri("/api/v1/studies/reuse/fit?axis=data", UriKind.Relative), Api.Json);
        await StudyWaits.FitAsync(app, "reuse", "data", atLeast: live!.HighWaterMark);

        var warnings = await api.Http.GetFromJsonAsync<List<WarningView>>(new Uri("/api/v1/studies/reuse/warnings", UriKind.Relative), Api.Json);
        var tau100 = runs.Where(r => r.Key.StartsWith("tau100-", StringComparison.Ordinal)).Select(r => r.Value).ToHashSet();
        var safe = runs.Where(r => !r.Key.StartsWith("tau100-", StringComparison.Ordinal) && !r.Key.StartsWith("tau50-", StringComparison.Ordinal)).Select(r => r.Value).ToHashSet();

        Assert.All(tau100, id => Assert.Contains(warnings!, w => w.RunId == id && w.Kind == "reuse-threshold-exceeded" && w.Evidence["tau"] > 99));
        Assert.Contains(warnings!, w => w.Kind == "overfitting-suspected" && tau100.Contains(w.RunId!.Value));
        Assert.DoesNotContain(warnings!, w => w.RunId is { } id && safe.Contains(id));

        var reuse = await api.Http.GetFromJsonAsync<ReuseView>(new Uri("/api/v1/studies/reuse/reuse", UriKind.Relative), Api.Json);
        Assert.True(reuse!.Succeeded, reuse.Reason);
        Assert.All(reuse.Taus.Where(t => t.Tau <= 25), t => Assert.True(t.Comparable, $"τ = {t.Tau} should be comparable to τ = 1"));
        Assert.True(reuse.Taus.Single(t => t.Tau == 100).Overfitting);
    }
}
