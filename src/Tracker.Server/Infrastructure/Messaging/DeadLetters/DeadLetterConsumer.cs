using MassTransit;
using Tracker.Contracts.Messaging;

namespace Tracker.Server.Infrastructure.Messaging.DeadLetters;

/// <summary>Hears the Fault&lt;T&gt; MassTransit publishes when a published run command fails after all its retries
/// (a poison message) and records it for admins. Commands sent as requests by the HTTP API fault back to their
/// requester instead, which answers 503.</summary>
public sealed class DeadLetterConsumer(DeadLetterLog log, ILogger<DeadLetterConsumer> logger)
    : IConsumer<Fault<RegisterRun>>, IConsumer<Fault<LogSteps>>, IConsumer<Fault<RecordEvaluations>>, IConsumer<Fault<FinishRun>>
{
    public Task Consume(ConsumeContext<Fault<RegisterRun>> context) => RecordAsync(context, nameof(RegisterRun), context.Message.Message?.RunId);

    public Task Consume(ConsumeContext<Fault<LogSteps>> context) => RecordAsync(context, nameof(LogSteps), context.Message.Message?.RunId);

    public Task Consume(ConsumeContext<Fault<RecordEvaluations>> context) => RecordAsync(context, nameof(RecordEvaluations), context.Message.Message?.RunId);

    public Task Consume(ConsumeContext<Fault<FinishRun>> context) => RecordAsync(context, nameof(FinishRun), context.Message.Message?.RunId);

    private Task RecordAsync<T>(ConsumeContext<Fault<T>> context, string type, Guid? runId)
        where T : class
    {
        var fault = context.Message;
        var first = fault.Exceptions?.FirstOrDefault();
        var reason = first is null ? "unknown" : string.Join(" → ", Chain(first));
        log.Add(new DeadLetterView(type, fault.FaultedMessageId, runId, reason, first?.ExceptionType ?? "unknown", fault.Timestamp, fault.Host?.MachineName));
        logger.LogWarning("Dead-lettered {Command} {MessageId} for run {RunId}: {Reason}", type, fault.FaultedMessageId, runId, reason);
        return Task.CompletedTask;
    }

    private static IEnumerable<string> Chain(ExceptionInfo info)
    {
        for (var e = info; e is not null; e = e.InnerException)
        {
            yield return $"{e.ExceptionType}: {e.Message}";
        }
    }
}
