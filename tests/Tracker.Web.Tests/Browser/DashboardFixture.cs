using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Scaling;
using Tracker.Scaling.Synthetic;

namespace Tracker.Web.Tests.Browser;

/// <summary>One server, one database and one browser for a test class, with a compute sweep (7 sizes) and a reuse
/// sweep (τ = 1…100 at 7B) posted through the API and fitted by the server's live fitter.</summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string Sweep = "base-sweep";
    public const string Reuse = "reuse-7b";

    public DashboardServer Server { get; private set; } = default!;

    public Chromium Browser { get; private set; } = default!;

    public Poster Api { get; private set; } = default!;

    public Dictionary<string, Guid> SweepRuns { get; private set; } = [];

    public Dictionary<double, Guid> ReuseRuns { get; private set; } = [];

    public static SweepSpec SweepSpec { get; } = new() { Law = PaperFits.BaseCompute, Runs = 1, Seed = 7, Steps = 40 };

    public async Task InitializeAsync()
    {
        var browser = Chromium.LaunchAsync();
        Server = await DashboardServer.StartAsync();
        Api = new Poster(Server.Http());
        // Keep the last run of each size running, so forecasts and the "running" state are on screen.
        SweepRuns = await Api.ComputeSweepAsync(Sweep, SyntheticSweep.Generate(SweepSpec), finishBelowStep: 0);
        ReuseRuns = await Api.ReuseSweepAsync(Reuse, new ReuseSweepSpec { Taus = [1, 5, 25, 100], Runs = 1, Steps = 100, Seed = 3 });
        // The curves are an async projection: wait until they have every posted event.
        await Server.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        Browser = await browser;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Server.DisposeAsync();
    }
}
