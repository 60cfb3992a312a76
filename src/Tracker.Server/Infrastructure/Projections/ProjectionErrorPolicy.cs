namespace Tracker.Server.Infrastructure.Projections;

/// <summary>What the async daemon does with an event a projection cannot apply (it throws, cannot be deserialised,
/// or has an unknown type): <c>Tracker:Projections:OnError</c>.</summary>
public enum ProjectionErrorPolicy
{
    /// <summary>Skip the event, record it in Marten's dead-letter table (mt_doc_deadletterevent) with the exception,
    /// and keep the shard running.</summary>
    DeadLetter,

    /// <summary>Stop the shard at the event: it projects nothing past it until the cause is fixed and the shard is
    /// resumed. Other shards keep running.</summary>
    Pause,
}

/// <summary>The policy this node runs with, as read from configuration.</summary>
/// <param name="RetryPausedAfter">How long Marten's coordinator leaves a paused shard before restarting it (its
/// HealthCheckPollingTime, which also paces the high-water watchdog); null keeps Marten's default of 5 s.</param>
public sealed record ProjectionPolicy(ProjectionErrorPolicy OnError, TimeSpan? RetryPausedAfter = null)
{
    public const string ConfigurationKey = "Tracker:Projections:OnError";
    public const string RetryKey = "Tracker:Projections:RetryPausedAfter";

    public static ProjectionPolicy From(IConfiguration configuration) =>
        new(OnErrorFrom(configuration[ConfigurationKey]), RetryFrom(configuration[RetryKey]));

    private static TimeSpan? RetryFrom(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (TimeSpan.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var after) && after > TimeSpan.Zero)
        {
            return after;
        }

        throw new InvalidOperationException($"{RetryKey} is '{value}'; it must be a positive time span such as 00:01:00.");
    }

    private static ProjectionErrorPolicy OnErrorFrom(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return ProjectionErrorPolicy.DeadLetter;
        }

        // Enum.TryParse would also take "1" or "DeadLetter,Pause"; only the two names are meaningful.
        foreach (var policy in Enum.GetValues<ProjectionErrorPolicy>())
        {
            if (string.Equals(value.Trim(), policy.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return policy;
            }
        }

        throw new InvalidOperationException(
            $"{ConfigurationKey} is '{value}'; it must be {ProjectionErrorPolicy.DeadLetter} (skip and record a failing event, the default) or {ProjectionErrorPolicy.Pause} (stop the shard at it).");
    }
}
