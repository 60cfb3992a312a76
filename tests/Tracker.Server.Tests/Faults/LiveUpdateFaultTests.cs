using System.Collections.Concurrent;
using System.Diagnostics;
using Marten;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tracker.Contracts.Notifications;
using Tracker.Server.Infrastructure.Projections;
using Tracker.Server.Studies.Live;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Faults;

/// <summary>The live-update subscription (StudyChangeSubscription:All) comes back by itself after the faults that left
/// it stopped in the chaos run (docs/faults.md): a publish the transport cancels, a publish that never completes, and
/// a progression row moved under the agent. Each time every notification is delivered (at least once) and the shard
/// ends running at the last event.</summary>
public sealed class LiveUpdateFaultTests
{
    private const string Shard = "StudyChangeSubscription:All";

    [Fact]
    public async Task A_publish_cancelled_by_the_transport_pauses_the_subscription_and_its_notifications_arrive_after_the_fault()
    {
        var bus = new FlakyPublisher();
        await using var live = await LiveAsync(bus);
        var a = await live.RegisterAsync("a");
        await live.NotifiedAsync(a);

        // As MassTransit does when RabbitMQ goes away mid-publish: a TaskCanceledException nobody asked for. More times
        // than the subscription retries, so the shard pauses and Marten's coordinator restarts it.
        bus.Cancel(StudyChangeSubscription.PublishAttempts + 1);
        var b = await live.RegisterAsync("b");
        await LiveServer.WaitUntilAsync(() => Task.FromResult(bus.Faults >= 1), () => "the first publish to fail");
        var c = await live.RegisterAsync("c");

        await live.NotifiedAsync(b);
        await live.NotifiedAsync(c);
        await live.CaughtUpAsync();
        Assert.Equal(StudyChangeSubscription.PublishAttempts + 1, bus.Faults);
    }

    [Fact]
    public async Task A_publish_that_never_completes_is_abandoned_after_its_deadline_and_published_again()
    {
        var bus = new FlakyPublisher();
        await using var live = await LiveAsync(bus);
        var a = await live.RegisterAsync("a");
        await live.NotifiedAsync(a);

        // As a publish waiting for a confirm that never comes (RabbitMQ.Client, connection lost): ignores cancellation.
        bus.Hang(1);
        var b = await live.RegisterAsync("b");
        await live.NotifiedAsync(b);
        await live.CaughtUpAsync();
        Assert.Equal(1, bus.Faults);
    }

    [Fact]
    public async Task A_shard_stopped_by_an_out_of_order_progression_is_restarted_from_its_committed_position()
    {
        await using var live = await LiveAsync(new FlakyPublisher());
        var a = await live.RegisterAsync("a");
        await live.NotifiedAsync(a);
        await live.CaughtUpAsync();

        // As a second agent would leave it (two nodes both running the shard for a moment): the progression row is not
        // where this agent expects, so its next update fails with ProgressionProgressOutOfOrderException and Marten
        // stops the shard (stops, not pauses).
        await live.MoveProgressionBackAsync();
        var b = await live.RegisterAsync("b");
        await live.NotifiedAsync(b);
        var c = await live.RegisterAsync("c");
        await live.NotifiedAsync(c);
        await live.CaughtUpAsync();
    }

    private static async Task<LiveServer> LiveAsync(FlakyPublisher bus)
    {
        var root = new TrackerApp(await TestDatabase.CreateAsync(), settings: new Dictionary<string, string?>
        {
            // Marten restarts a paused shard (and the restarter releases a stopped one) after 1 s instead of 5 s.
            [ProjectionPolicy.RetryKey] = "00:00:01",
            [StudyChangeSubscription.PublishTimeoutKey] = "00:00:01",
        });
        var app = root.WithWebHostBuilder(b => b.ConfigureServices(services =>
            services.AddSingleton<IStudyChangePublisher>(sp => bus.Over(new BusStudyChangePublisher(sp.GetRequiredService<MassTransit.IBus>())))));
        return new LiveServer(root, app);
    }

    /// <summary>Test-only: the bus publish of the subscription, failing the way the test arms it.</summary>
    private sealed class FlakyPublisher : IStudyChangePublisher
    {
        private IStudyChangePublisher? _inner;
        private int _cancel;
        private int _hang;
        private int _faults;

        public int Faults => Volatile.Read(ref _faults);

        public FlakyPublisher Over(IStudyChangePublisher inner)
        {
            _inner = inner;
            return this;
        }

        public void Cancel(int times) => Volatile.Write(ref _cancel, times);

        public void Hang(int times) => Volatile.Write(ref _hang, times);

        public Task PublishAsync(IReadOnlyCollection<StudyChanged> notes, CancellationToken cancellationToken)
        {
            if (Interlocked.Decrement(ref _cancel) >= 0)
            {
                Interlocked.Increment(ref _faults);
                throw new TaskCanceledException("injected: the transport cancelled the publish");
            }

            if (Interlocked.Decrement(ref _hang) >= 0)
            {
                Interlocked.Increment(ref _faults);
                return new TaskCompletionSource().Task;
            }

            return _inner!.PublishAsync(notes, cancellationToken);
        }
    }

    private sealed class LiveServer : IAsyncDisposable
    {
        private readonly TrackerApp _root;
        private readonly WebApplicationFactory<Program> _app;
        private readonly Api _api;
        private readonly ConcurrentQueue<StudyChanged> _received = new();
        private readonly string _study = "live-fault-" + Guid.NewGuid().ToString("N")[..8];

        public LiveServer(TrackerApp root, WebApplicationFactory<Program> app)
        {
            _root = root;
            _app = app;
            _api = new Api(app.CreateClient());
            app.Services.GetRequiredService<LiveUpdates>().Changed += _received.Enqueue;
        }

        public async Task<Guid> RegisterAsync(string name) => (await _api.RegisterAsync(_study, name)).RunId;

        /// <summary>This node received the run's notification from the bus.</summary>
        public Task NotifiedAsync(Guid run) =>
            WaitUntilAsync(() => Task.FromResult(_received.Any(n => n.RunId == run && n.Kind == StudyChanged.RunProgressed)), () => $"the notification of run {run}");

        /// <summary>The shard runs and has processed the last committed event.</summary>
        public Task CaughtUpAsync()
        {
            var reader = _app.Services.GetRequiredService<ProjectionStatusReader>();
            ShardView? shard = null;
            return WaitUntilAsync(async () =>
            {
                shard = (await reader.ReadAsync(0, 1, CancellationToken.None)).Shards.Single(s => s.Name == Shard);
                return shard is { State: "running", Lag: 0 };
            }, () => $"{Shard} to run at the last event (last seen: {shard})");
        }

        public async Task MoveProgressionBackAsync()
        {
            var store = _app.Services.GetRequiredService<IDocumentStore>();
            await using var connection = store.Storage.Database.CreateConnection();
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                $"update {store.Options.Events.DatabaseSchemaName}.mt_event_progression set last_seq_id = last_seq_id - 1 where name = @name", connection);
            command.Parameters.AddWithValue("name", Shard);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        public static Task WaitUntilAsync(Func<Task<bool>> condition, Func<string> what) =>
            Poll.UntilAsync(condition, what, TimeSpan.FromSeconds(60));

        public async ValueTask DisposeAsync()
        {
            await _app.DisposeAsync();
            await _root.DisposeAsync();
        }
    }
}
