using Tracker.Contracts.Studies;

namespace Tracker.Server.Studies.GetStudies;

/// <summary>Read model of a study, keyed by its name: its runs, its scaling mapping, its latest fits and open warnings.</summary>
public sealed class StudySummary
{
    public const string DefaultLossDataset = "holdout";

    public string Id { get; set; } = "";

    /// <summary>The project that owns the study and its runs (fixed at creation).</summary>
    public string Project { get; set; } = Security.Projects.Projects.Default;

    public DateTimeOffset CreatedAt { get; set; }

    // Runs, sizes and last activity come from the run summaries when the study is read (StudyQueries): stored here,
    // every registration and every live fit would rewrite this one document, and concurrent writers lose updates.
    [System.Text.Json.Serialization.JsonIgnore]
    public List<Guid> RunIds { get; set; } = [];

    [System.Text.Json.Serialization.JsonIgnore]
    public List<double> ModelSizes { get; set; } = [];

    [System.Text.Json.Serialization.JsonIgnore]
    public DateTimeOffset LastActivity { get; set; }

    public string LossDataset { get; set; } = DefaultLossDataset;

    /// <summary>Set by StudyArchived: the study is read-only and left out of the studies list by default.</summary>
    public StudyArchiveView? Archived { get; set; }

    /// <summary>Sequence of the latest mapping change: a fit made before it is stale even if no run changed.</summary>
    public long MappingSequence { get; set; }

    public Dictionary<string, FitView> LatestFits { get; set; } = [];

    /// <summary>Every warning ever raised, open or cleared: clearing keeps the history.</summary>
    public List<WarningView> Warnings { get; set; } = [];
}
