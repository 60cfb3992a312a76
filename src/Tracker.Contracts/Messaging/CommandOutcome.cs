namespace Tracker.Contracts.Messaging;

/// <summary>The consumer's answer to a command sent as a request. <see cref="Status"/> is an HTTP status code:
/// 200/201 when the events are committed, 404 for an unknown run, 409 for a conflict. Sent only after the commit.</summary>
public sealed record CommandOutcome(int Status, int Accepted, int Duplicates, string? Title = null, string? Detail = null)
{
    public bool Succeeded => Status is >= 200 and < 300;
}
