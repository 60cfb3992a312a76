using Tracker.Client.Retry;

namespace Tracker.Client;

public sealed record TrackerClientOptions
{
    /// <summary>Applied to every call of <see cref="TrackerClient"/>.</summary>
    public RetryPolicy Retry { get; init; } = new();

    /// <summary>Sent as <c>X-Tracker-Client</c> and recorded on every event the call causes (for example "verl-worker-3").</summary>
    public string? ClientName { get; init; }

    /// <summary>An API token ("trk_…"), sent as <c>Authorization: Bearer</c>. A training job needs a write token.</summary>
    public string? Token { get; init; }

    /// <summary>The project to create studies in, for callers that hold grants in several (<c>X-Tracker-Project</c>).</summary>
    public string? Project { get; init; }

    /// <summary>The clock behind the retry waits; tests replace it to run without sleeping.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
