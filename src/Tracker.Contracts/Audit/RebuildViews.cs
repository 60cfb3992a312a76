namespace Tracker.Contracts.Audit;

/// <summary>One field whose stored value differs from the value rebuilt from the events (JSON path, both values as JSON).</summary>
public sealed record FieldDifferenceView(string Path, string? Stored, string? Rebuilt);

/// <summary>A read model document that differs from its rebuild: <c>changed</c> (see fields), <c>missing</c> (the events
/// produce it but it is not stored) or <c>unexpected</c> (stored, but the events do not produce it).</summary>
public sealed record DocumentDifferenceView(string Document, string Id, string Kind, IReadOnlyList<FieldDifferenceView> Fields);

/// <summary>Result of rebuilding every read model from the events in memory and comparing it with the stored one.</summary>
public sealed record RebuildReport(
    bool Identical,
    IReadOnlyDictionary<string, int> DocumentsChecked,
    long EventsReplayed,
    IReadOnlyList<DocumentDifferenceView> Differences,
    double Seconds,
    double EventsPerSecond);
