namespace Tracker.Server.Infrastructure.Observability;

/// <summary>Section <c>Tracker:Observability</c>.</summary>
public sealed class ObservabilityOptions
{
    public const string Section = "Tracker:Observability";

    /// <summary>Serve /metrics to anyone (for a scraper inside a trusted network). Off: a server-wide read grant is needed.</summary>
    public bool PublicMetrics { get; set; }

    /// <summary>How often the projection lag gauges are refreshed between scrapes (each scrape refreshes them too).</summary>
    public TimeSpan ProjectionSampleInterval { get; set; } = TimeSpan.FromSeconds(5);
}
