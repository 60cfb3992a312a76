namespace Tracker.Server.Studies.GetStudies;

/// <summary>Read model of a study, keyed by its name.</summary>
public sealed class StudySummary
{
    public string Id { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public List<Guid> RunIds { get; set; } = [];

    public List<double> ModelSizes { get; set; } = [];

    public DateTimeOffset LastActivity { get; set; }
}
