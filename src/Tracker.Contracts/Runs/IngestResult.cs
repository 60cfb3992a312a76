namespace Tracker.Contracts.Runs;

/// <summary>Answer to a batch post: how many items were new and how many were already stored with the same values.</summary>
public sealed record IngestResult(Guid RunId, int Accepted, int Duplicates);
