using JasperFx.Events;
using Marten.Events.Projections;
using Tracker.Contracts.Studies;
using Tracker.Domain.Studies;

namespace Tracker.Server.Studies.GetStudies;

/// <summary>Inline projection of the study stream: creation, mapping, latest fits, warnings (runs are joined when read).</summary>
public sealed class StudySummaryProjection : MultiStreamProjection<StudySummary, string>
{
    public StudySummaryProjection()
    {
        Identity<StudyCreated>(e => e.Name);
        Identity<ScalingVariablesMapped>(e => e.Study);
        Identity<FitComputed>(e => e.Study);
        Identity<WarningRaised>(e => e.Study);
        Identity<WarningCleared>(e => e.Study);
        Identity<StudyArchived>(e => e.Study);
    }

    public static StudySummary Create(IEvent<StudyCreated> e) => new()
    {
        Id = e.Data.Name,
        Project = e.Data.Project ?? Security.Projects.Projects.Default,
        CreatedAt = e.Timestamp,
    };

    public static void Apply(IEvent<ScalingVariablesMapped> e, StudySummary study)
    {
        study.LossDataset = e.Data.LossDataset;
        study.MappingSequence = e.Sequence;
    }

    public static void Apply(FitComputed e, StudySummary study) => study.LatestFits[e.Axis] = e.Fit;

    public static void Apply(IEvent<WarningRaised> e, StudySummary study) =>
        study.Warnings.Add(new WarningView(e.Data.Kind, e.Data.RunId, e.Data.Run, e.Data.Message, e.Timestamp, null, e.Data.Evidence));

    /// <summary>The first archive holds: a second one (two admins at once) is kept in history but changes nothing.</summary>
    public static void Apply(IEvent<StudyArchived> e, StudySummary study) =>
        study.Archived ??= new StudyArchiveView(e.Timestamp, e.Data.Reason, e.Data.By);

    public static void Apply(IEvent<WarningCleared> e, StudySummary study)
    {
        var index = study.Warnings.FindLastIndex(w => w.Kind == e.Data.Kind && w.RunId == e.Data.RunId && w.ClearedAt is null);
        if (index >= 0)
        {
            study.Warnings[index] = study.Warnings[index] with { ClearedAt = e.Timestamp };
        }
    }
}
