namespace Tracker.Domain.Studies;

/// <summary>First event of a study stream (stream id = <see cref="Identity.DeterministicGuid.ForStudy"/>).
/// Studies are created on first use by name.</summary>
public sealed record StudyCreated(Guid StudyId, string Name);
