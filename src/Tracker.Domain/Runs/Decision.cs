using Tracker.Contracts.Messaging;

namespace Tracker.Domain.Runs;

/// <summary>What a command does: the events to append (possibly none) and the answer to give once they are committed.</summary>
public sealed record Decision(IReadOnlyList<object> Events, CommandOutcome Outcome)
{
    public static Decision Reject(int status, string title, string detail) => new([], new CommandOutcome(status, 0, 0, title, detail));

    public static Decision UnknownRun(Guid runId) =>
        Reject(404, "Unknown run", $"run {runId} is not registered; register it with POST /api/v1/runs first");
}
