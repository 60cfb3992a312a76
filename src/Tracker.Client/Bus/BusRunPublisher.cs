using MassTransit;
using Tracker.Contracts.Messaging;
using Tracker.Contracts.Runs;

namespace Tracker.Client.Bus;

/// <summary>Publishes run commands on the MassTransit bus that Tracker's servers consume, for .NET workers already on
/// that bus. Steps and evaluations go as whole batches, never one message per step (per-step messages cap throughput
/// at a few thousand per second). Publishing is fire and forget: the server validates and stores each message, but
/// nobody answers, and a message it refuses is only logged there; use <see cref="TrackerClient"/> when the job needs
/// to know that its data is durable.</summary>
public sealed class BusRunPublisher
{
    private readonly IPublishEndpoint _publish;
    private readonly BusPublisherOptions _options;

    public BusRunPublisher(IPublishEndpoint publish, BusPublisherOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(publish);
        _publish = publish;
        _options = options ?? new BusPublisherOptions();
        _options.Validate();
    }

    /// <summary>Publishes a registration. The request must carry its <see cref="RegisterRunRequest.RunId"/>: nobody
    /// answers on the bus, so the id cannot come back from the server. Choose it once per run (and keep it across
    /// restarts of the job) so that repeating the registration is harmless.</summary>
    public async Task<Guid> RegisterRunAsync(RegisterRunRequest request, string? correlationId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var runId = request.RunId ?? throw new ArgumentException("a registration published on the bus needs a client-chosen RunId", nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Study, nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Name, nameof(request));
        var command = new RegisterRun(
            runId,
            request.Study.Trim(),
            request.Name.Trim(),
            request.Model ?? new ModelSpec(),
            request.Training ?? new TrainingSpec(),
            request.Config,
            request.Tags ?? new Dictionary<string, string>(),
            Origin(correlationId));
        await _publish.Publish(command, cancellationToken);
        return runId;
    }

    /// <summary>Publishes the steps in messages of at most <see cref="BusPublisherOptions.MaxItemsPerMessage"/>, in order.</summary>
    /// <returns>The number of messages published.</returns>
    public async Task<int> LogStepsAsync(Guid runId, IEnumerable<StepData> steps, string? correlationId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var origin = Origin(correlationId);
        var messages = 0;
        foreach (var chunk in steps.Chunk(_options.MaxItemsPerMessage))
        {
            await _publish.Publish(new LogSteps(runId, chunk, origin), cancellationToken);
            messages++;
        }

        return messages;
    }

    /// <summary>Publishes the evaluations in messages of at most <see cref="BusPublisherOptions.MaxItemsPerMessage"/>, in order.</summary>
    /// <returns>The number of messages published.</returns>
    public async Task<int> RecordEvaluationsAsync(Guid runId, IEnumerable<EvaluationData> evaluations, string? correlationId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        var origin = Origin(correlationId);
        var messages = 0;
        foreach (var chunk in evaluations.Chunk(_options.MaxItemsPerMessage))
        {
            await _publish.Publish(new RecordEvaluations(runId, chunk, origin), cancellationToken);
            messages++;
        }

        return messages;
    }

    /// <summary>Publishes the end of the run: completed, failed or killed.</summary>
    public Task FinishRunAsync(Guid runId, string status, string? reason = null, string? correlationId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(status);
        return _publish.Publish(new FinishRun(runId, status, reason, Origin(correlationId)), cancellationToken);
    }

    private CommandOrigin Origin(string? correlationId) => new(_options.ClientName, _options.HostName, _options.User, correlationId, _options.Project);
}
