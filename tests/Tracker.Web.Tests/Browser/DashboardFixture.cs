using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Scaling;
using Tracker.Scaling.Synthetic;

namespace Tracker.Web.Tests.Browser;

/// <summary>One server, one database and one browser for a test class, with a compute sweep (7 sizes) and a reuse
/// sweep (τ up to 100 at 7B) posted through the API; the server's live fitter fits them and raises the warnings.</summary>
public class DashboardFixture : IAsyncLifetime
{
    public const string Sweep = "base-sweep";
    public const string Reuse = "reuse-7b";

    private readonly ReuseSweepSpec _reuse;
    private readonly bool _finishEarlierRuns;

    public DashboardFixture()
        : this(new SweepSpec { Law = PaperFits.BaseCompute, Runs = 1, Seed = 7, Steps = 40 }, new ReuseSweepSpec { Taus = [1, 5, 25, 100], Runs = 1, Steps = 100, Seed = 3 }, finishEarlierRuns: false)
    {
    }

    protected DashboardFixture(SweepSpec sweep, ReuseSweepSpec reuse, bool finishEarlierRuns)
    {
        SweepSpec = sweep;
        _reuse = reuse;
        _finishEarlierRuns = finishEarlierRuns;
    }

    public SweepSpec SweepSpec { get; }

    public DashboardServer Server { get; private set; } = default!;

    public Chromium Browser { get; private set; } = default!;

    public Poster Api { get; private set; } = default!;

    public Dictionary<string, Guid> SweepRuns { get; private set; } = [];

    public Dictionary<double, Guid> ReuseRuns { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var browser = Chromium.LaunchAsync();
        Server = await DashboardServer.StartAsync();
        Api = new Poster(Server.Http());
        SweepRuns = await Api.ComputeSweepAsync(Sweep, SyntheticSweep.Generate(SweepSpec));
        // The last seed of each size keeps running, so forecasts and the running state are on screen.
        foreach (var (name, id) in SweepRuns.Where(r => _finishEarlierRuns && !r.Key.EndsWith($"run{SweepSpec.Runs - 1}", StringComparison.Ordinal)))
        {
            await Api.FinishAsync(id);
        }

        ReuseRuns = await Api.ReuseSweepAsync(Reuse, _reuse);
        // The curves are an async projection: wait until they hold every posted event.
        await Server.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        Browser = await browser;
    }

    public async Task DisposeAsync()
    {
        // Either may be missing when InitializeAsync failed part way.
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

/// <summary>What a newcomer sees with the demo: the paper's sweep (7 sizes × 3 seeds × 105 steps, two seeds of each
/// size finished) and the paper's reuse sweep (τ = 1…100).</summary>
public sealed class DemoFixture() : DashboardFixture(
    new SweepSpec { Law = PaperFits.BaseCompute, Runs = 3, Seed = 11 },
    new ReuseSweepSpec { Runs = 1, Seed = 3 },
    finishEarlierRuns: true);
