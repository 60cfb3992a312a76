using Tracker.Contracts.Mlflow;

namespace Tracker.Domain.Conventions;

/// <summary>A study's own convention mapping (study stream). It applies to what is logged after it; stored steps and
/// evaluations keep what was derived when they arrived.</summary>
public sealed record ConventionsMapped(Guid StudyId, string Study, ConventionMapping Mapping, string? By);
