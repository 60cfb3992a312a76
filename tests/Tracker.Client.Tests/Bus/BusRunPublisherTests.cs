using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Client.Bus;
using Tracker.Contracts.Messaging;
using Tracker.Contracts.Runs;

namespace Tracker.Client.Tests.Bus;

/// <summary>Runs the publisher on MassTransit's in-memory test harness: real serialisation and routing, no broker.</summary>
public sealed class BusRunPublisherTests : IAsyncLifetime
{
    private static readonly Guid RunId = Guid.Parse("9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4");
    private ServiceProvider _services = null!;
    private ITestHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _services = new ServiceCollection()
            .AddMassTransitTestHarness(x => x.DisableUsageTelemetry())
            .AddTrackerBusPublisher(new BusPublisherOptions { ClientName = "trainer", HostName = "gpu-7", User = "alice" })
            .BuildServiceProvider(validateScopes: true);
        _harness = _services.GetRequiredService<ITestHarness>();
        await _harness.Start();
    }

    public async Task DisposeAsync()
    {
        await _harness.Stop();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task Steps_are_batched_into_messages_in_order_never_one_per_step()
    {
        var steps = Enumerable.Range(0, 2_500).Select(i => new StepData(i, Reward: i)).ToList();

        var count = await Publisher().LogStepsAsync(RunId, steps, correlationId: "job-42");

        Assert.Equal(3, count);
        var messages = await Published<LogSteps>(3);
        Assert.Equal([1_000, 1_000, 500], messages.Select(m => m.Steps.Count));
        Assert.Equal(steps.Select(s => s.Step), messages.SelectMany(m => m.Steps).Select(s => s.Step));
        Assert.All(messages, m => Assert.Equal(RunId, m.RunId));
        Assert.All(messages, m => Assert.Equal(new CommandOrigin("trainer", "gpu-7", "alice", "job-42"), m.Origin));
    }

    [Fact]
    public async Task Registration_carries_the_client_chosen_id_and_defaults()
    {
        var id = await Publisher().RegisterRunAsync(new RegisterRunRequest(" study ", "run-1", RunId, new ModelSpec("Qwen2.5", 1.5e9)));

        var message = Assert.Single(await Published<RegisterRun>(1));
        Assert.Equal(RunId, id);
        Assert.Equal((RunId, "study", "run-1"), (message.RunId, message.Study, message.Name));
        Assert.Equal(1.5e9, message.Model.Parameters);
        Assert.NotNull(message.Training);
        Assert.Empty(message.Tags);
    }

    [Fact]
    public async Task Registration_without_a_run_id_is_refused_before_publishing()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Publisher().RegisterRunAsync(new RegisterRunRequest("study", "run-1")));

        Assert.False(await _harness.Published.Any<RegisterRun>(new CancellationTokenSource(TimeSpan.FromMilliseconds(200)).Token));
    }

    [Fact]
    public async Task Evaluations_and_finish_are_published()
    {
        var publisher = Publisher();
        await publisher.RecordEvaluationsAsync(RunId, [new EvaluationData(10, "math500", 0.3), new EvaluationData(20, "math500", 0.35)]);
        await publisher.FinishRunAsync(RunId, "completed", "done");

        var evaluations = Assert.Single(await Published<RecordEvaluations>(1));
        Assert.Equal([10, 20], evaluations.Evaluations.Select(e => e.Step));
        var finish = Assert.Single(await Published<FinishRun>(1));
        Assert.Equal(("completed", "done"), (finish.Status, finish.Reason));
    }

    private BusRunPublisher Publisher() => _services.CreateScope().ServiceProvider.GetRequiredService<BusRunPublisher>();

    private async Task<List<T>> Published<T>(int expected)
        where T : class
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var messages = new List<T>();
        await foreach (var message in _harness.Published.SelectAsync<T>(timeout.Token))
        {
            messages.Add(message.Context.Message);
            if (messages.Count == expected)
            {
                break;
            }
        }

        return messages;
    }
}
