using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using Tracker.Contracts.Messaging;
using Tracker.Contracts.Runs;
using Tracker.Server.Infrastructure.Messaging.DeadLetters;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Faults;

/// <summary>A command published on the bus that the consumer cannot process: after its retries it lands in the
/// run-commands_error queue with the reason in its headers, admins see it in GET /api/v1/admin/dead-letters, and the
/// commands around it go through meanwhile.</summary>
public sealed class PoisonMessageTests
{
    [Fact]
    public async Task A_poison_command_is_dead_lettered_with_its_reason_visible_to_admins_and_blocks_nothing()
    {
        var db = await TestDatabase.CreateAsync();
        var vhost = TestEnvironment.TakeVhost();
        await using var app = new TrackerApp(db, Transport.RabbitMq, new Dictionary<string, string?> { ["Messaging:RabbitMq:VirtualHost"] = vhost });
        var http = app.CreateClient();
        var api = new Api(http);
        var runId = (await api.RegisterAsync("poison", "r")).RunId;
        var bus = app.Services.GetRequiredService<IBus>();

        // A worker's message without its origin: the consumer throws on it every time (no retry can help).
        var poisonId = NewId.NextGuid();
        await bus.Publish(new LogSteps(runId, [new StepData(1_000_000, Reward: 0.5)], Origin: null!), c => c.MessageId = poisonId);

        // While the poison is being retried, other commands on the same queue and run go through: over HTTP (sent
        // through the broker, answered after the commit) and published by a worker.
        var clock = Stopwatch.StartNew();
        var result = await api.LogStepsAsync(runId, Enumerable.Range(0, 50).Select(i => new StepData(i, Reward: 0.1)));
        Assert.Equal(50, result.Accepted);
        await bus.Publish(new LogSteps(runId, Enumerable.Range(50, 50).Select(i => new StepData(i, Reward: 0.1)).ToList(), new CommandOrigin(Client: "worker")));
        await WaitUntilAsync(async () => (await api.GetRunAsync(runId)).StepCount == 100, "the published batch to be stored");
        var healthyDone = clock.Elapsed;

        // The poison is dead-lettered with its reason, and admins see it.
        DeadLetterView? seen = null;
        await WaitUntilAsync(async () =>
        {
            var list = await http.GetFromJsonAsync<DeadLetterList>(new Uri("/api/v1/admin/dead-letters", UriKind.Relative), Api.Json);
            seen = list!.Items.FirstOrDefault(d => d.MessageId == poisonId);
            return seen is not null;
        }, "the poison message to be listed in /api/v1/admin/dead-letters");
        Assert.True(healthyDone < clock.Elapsed, "the healthy commands were done before the poison gave up: it blocked nothing");
        Assert.Equal("LogSteps", seen!.MessageType);
        Assert.Equal(runId, seen.RunId);
        Assert.Contains("NullReferenceException", seen.Reason, StringComparison.Ordinal);

        // The message itself is in the broker's error queue, with the reason in its headers, ready to be moved back.
        var factory = new ConnectionFactory
        {
            HostName = TestEnvironment.RabbitHost,
            Port = int.Parse(TestEnvironment.RabbitPort, System.Globalization.CultureInfo.InvariantCulture),
            VirtualHost = vhost,
        };
        await using var connection = await factory.CreateConnectionAsync();
        // MassTransit publishes the Fault before it moves the message (GenerateFaultFilter, then ErrorTransportFilter),
        // so the listing can come first and the error queue may not even exist yet on a loaded machine.
        BasicGetResult? dead = null;
        await WaitUntilAsync(async () =>
        {
            await using var channel = await connection.CreateChannelAsync(); // a missing queue closes the channel
            try
            {
                dead = await channel.BasicGetAsync("run-commands_error", autoAck: false);
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
            {
            }

            return dead is not null;
        }, "the poison message in run-commands_error");
        var headers = dead!.BasicProperties.Headers!;
        Assert.Contains("NullReferenceException", Header(headers, "MT-Fault-ExceptionType"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(Header(headers, "MT-Fault-Message")));
        Assert.Contains(runId.ToString(), Encoding.UTF8.GetString(dead.Body.Span), StringComparison.OrdinalIgnoreCase);

        // Nothing of the poison was stored, everything else exactly once.
        var stored = await api.GetStoredStepsAsync(runId);
        Assert.Equal(100, stored.Count);
        Assert.DoesNotContain(stored, s => s.Step == 1_000_000);

        // Only a server admin may look.
        var anonymous = await app.CreateAnonymousClient().GetAsync(new Uri("/api/v1/admin/dead-letters", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private static string Header(IDictionary<string, object?> headers, string name) =>
        headers.TryGetValue(name, out var value) ? value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            null => "",
            _ => value.ToString() ?? "",
        } : "";

    private static Task WaitUntilAsync(Func<Task<bool>> condition, string what) =>
        Poll.UntilAsync(condition, () => what, TimeSpan.FromSeconds(60));
}
