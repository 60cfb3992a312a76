using Tracker.Client.Batching;

namespace Tracker.Cli.Simulate;

/// <summary>What became of one simulated run.</summary>
public sealed record JobOutcome(SimulatedJob Job, Guid? RunId, RunLoggerCounters Counters, TimeSpan Elapsed, string? Error)
{
    public bool Completed => Error is null;
}
