namespace Tracker.Domain.Studies;

/// <summary>First event of a study stream (stream id = <see cref="Identity.DeterministicGuid.ForStudy"/>).
/// Studies are created on first use by name, in the project of the caller (null: the default project; a study never
/// changes project). Study names are unique across projects, like MLflow experiment names on one server.</summary>
public sealed record StudyCreated(Guid StudyId, string Name, string? Project = null);

/// <summary>Which held-out dataset gives the study's test loss L = 1 − pass@1. Datasets are derived at read time,
/// so a new mapping re-derives every point from the stored events.</summary>
public sealed record ScalingVariablesMapped(Guid StudyId, string Study, string LossDataset, string? By);

/// <summary>A live fit of the study on one axis ("compute" or "data"), computed from the events up to
/// <see cref="HighWaterMark"/> (the global event sequence). Fits therefore have a history and can be read as of a time.</summary>
public sealed record FitComputed(Guid StudyId, string Study, string Axis, long HighWaterMark, Tracker.Contracts.Studies.FitView Fit);

/// <summary>A condition worth a researcher's attention, with the numbers it was raised on.</summary>
public sealed record WarningRaised(Guid StudyId, string Study, string Kind, Guid? RunId, string? Run, string Message, IReadOnlyDictionary<string, double> Evidence);

/// <summary>The condition of an earlier warning no longer holds.</summary>
public sealed record WarningCleared(Guid StudyId, string Study, string Kind, Guid? RunId, string Reason);
