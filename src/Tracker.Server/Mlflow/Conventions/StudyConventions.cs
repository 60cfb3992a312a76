using Marten.Events.Projections;
using Tracker.Contracts.Mlflow;
using Tracker.Domain.Conventions;

namespace Tracker.Server.Mlflow.Conventions;

/// <summary>The convention mapping in force for a study (id = study name), kept inline with the study stream.</summary>
public sealed class StudyConventions
{
    public string Id { get; set; } = "";

    public ConventionMapping Mapping { get; set; } = ConventionMapping.None;

    public DateTimeOffset? MappedAt { get; set; }

    public string? MappedBy { get; set; }
}

public sealed class StudyConventionsProjection : MultiStreamProjection<StudyConventions, string>
{
    public StudyConventionsProjection() => Identity<ConventionsMapped>(e => e.Study);

    public static StudyConventions Create(JasperFx.Events.IEvent<ConventionsMapped> e) => new()
    {
        Id = e.Data.Study,
        Mapping = e.Data.Mapping,
        MappedAt = e.Timestamp,
        MappedBy = e.Data.By,
    };

    public static void Apply(JasperFx.Events.IEvent<ConventionsMapped> e, StudyConventions conventions)
    {
        conventions.Mapping = e.Data.Mapping;
        conventions.MappedAt = e.Timestamp;
        conventions.MappedBy = e.Data.By;
    }
}
