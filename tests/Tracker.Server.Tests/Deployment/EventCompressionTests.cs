using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Contracts.Runs;
using Tracker.Server.Dashboard;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Deployment;

/// <summary>Step batches and run-curve documents are stored with lz4 TOAST compression: part of the schema applied at start, and a second
/// look at the applied schema finds nothing to change (Marten's table diff and ours agree).</summary>
public sealed class EventCompressionTests
{
    /// <summary>The TOAST compression set on a table's data column: 'l' for lz4, '' for the default (pglz).</summary>
    internal static string DataCompression(string table) => $"""
        select a.attcompression::text from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'tracker' and c.relname = '{table}' and a.attname = 'data'
        """;

    [Fact]
    public async Task A_step_batch_and_its_run_curve_are_stored_with_lz4_and_read_back_and_the_schema_then_matches_the_configuration()
    {
        var database = await TestDatabase.CreateAsync();
        await using var app = new TrackerApp(database);
        var api = new Api(app.CreateClient());
        var run = (await api.RegisterAsync("compression", "r")).RunId;
        // Large enough (≈ 150 kB of jsonb) to be compressed at all.
        await api.LogStepsAsync(run, Enumerable.Range(1, 2_000).Select(s => new StepData(s, Reward: s * 0.25, Loss: 1.0 / s, Metrics: new Dictionary<string, double> { ["kl"] = 1e-4 * s })));

        Assert.Equal("l", await database.ScalarAsync<string>(DataCompression("mt_events")));
        Assert.Equal("l", await database.ScalarAsync<string>(DataCompression("mt_doc_runcurve")));
        Assert.Equal("lz4", await database.ScalarAsync<string>("select pg_column_compression(data) from tracker.mt_events where type = 'steps_logged'"));
        var store = app.Services.GetRequiredService<IDocumentStore>();
        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(2));
        Assert.Equal("lz4", await database.ScalarAsync<string>("select pg_column_compression(data) from tracker.mt_doc_runcurve"));
        Assert.Equal(2_000L, await database.ScalarAsync<long>("select jsonb_array_length(data->'steps')::bigint from tracker.mt_doc_runcurve"));
        var series = await new RunSeries(store).MetricAsync(run, "kl", 10_000, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 2_000).Select(s => (double)s), series.Steps);
        Assert.Equal(Enumerable.Range(1, 2_000).Select(s => 1e-4 * s), series.Values);

        // What a second start (or db-apply) would compare: no difference left.
        await store.Storage.Database.AssertDatabaseMatchesConfigurationAsync();
    }
}
