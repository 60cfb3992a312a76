using MassTransit;
using Tracker.Contracts.Messaging;
using Tracker.Domain.Runs;
using Tracker.Domain.Validation;
using Tracker.Server.Runs.Writing;

namespace Tracker.Server.Runs.Commands;

/// <summary>Applies run commands from the bus, whether sent by the HTTP API (as requests, answered after the commit)
/// or published by .NET workers (fire and forget). Commands are validated here too: the bus is an entry point.</summary>
public sealed class RunCommandConsumer(RunWriter writer, ILogger<RunCommandConsumer> logger, Infrastructure.Observability.TrackerMetrics? metrics = null)
    : IConsumer<RegisterRun>, IConsumer<LogSteps>, IConsumer<RecordEvaluations>, IConsumer<FinishRun>
{
    public Task Consume(ConsumeContext<RegisterRun> context) =>
        HandleAsync(context, context.Message.RunId, context.Message.Origin, RunInputValidator.Validate(context.Message),
            ledger => RunDecider.Register(ledger, context.Message));

    public Task Consume(ConsumeContext<LogSteps> context) =>
        HandleAsync(context, context.Message.RunId, context.Message.Origin, RunInputValidator.Validate(context.Message.Steps),
            ledger => RunDecider.LogSteps(ledger, context.Message));

    public Task Consume(ConsumeContext<RecordEvaluations> context) =>
        HandleAsync(context, context.Message.RunId, context.Message.Origin, RunInputValidator.Validate(context.Message.Evaluations),
            ledger => RunDecider.RecordEvaluations(ledger, context.Message));

    public Task Consume(ConsumeContext<FinishRun> context) =>
        HandleAsync(context, context.Message.RunId, context.Message.Origin, [],
            ledger => RunDecider.Finish(ledger, context.Message));

    private async Task HandleAsync<T>(ConsumeContext<T> context, Guid runId, CommandOrigin origin, List<ValidationError> errors, Func<RunLedger, Decision> decide)
        where T : class
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = errors.Count > 0
            ? new CommandOutcome(400, 0, 0, "Invalid input", string.Join("; ", errors))
            : await writer.ExecuteAsync(
                runId,
                decide,
                new EventMetadata(origin.CorrelationId ?? context.CorrelationId?.ToString() ?? context.ConversationId?.ToString(), context.MessageId?.ToString(), origin),
                context.CancellationToken);

        metrics?.CommandHandled(typeof(T).Name, outcome.Status, started);
        if (context.ResponseAddress is not null || context.RequestId is not null)
        {
            await context.RespondAsync(outcome);
        }
        else if (!outcome.Succeeded)
        {
            logger.LogWarning("Rejected {Command} for run {RunId}: {Status} {Detail}", typeof(T).Name, runId, outcome.Status, outcome.Detail);
        }
    }
}
