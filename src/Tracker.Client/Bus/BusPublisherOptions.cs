namespace Tracker.Client.Bus;

public sealed record BusPublisherOptions
{
    /// <summary>The most steps or evaluations in one message; the server's consumer takes at most 10,000.</summary>
    public int MaxItemsPerMessage { get; init; } = 1_000;

    /// <summary>Recorded as the client on every event the messages cause.</summary>
    public string? ClientName { get; init; } = "Tracker.Client.Bus";

    /// <summary>Recorded as the host on every event; the machine's name by default.</summary>
    public string? HostName { get; init; } = Environment.MachineName;

    /// <summary>Recorded as the user on every event.</summary>
    public string? User { get; init; }

    /// <summary>The project a study created by these messages belongs to (the default project when null). The bus is
    /// inside the trust boundary: whoever holds broker credentials may publish (see docs/security.md).</summary>
    public string? Project { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxItemsPerMessage, 1, nameof(MaxItemsPerMessage));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxItemsPerMessage, 10_000, nameof(MaxItemsPerMessage));
    }
}
