using JasperFx.Events;
using Marten.Events.Projections;
using Tracker.Contracts.Studies;
using Tracker.Domain.Runs;
using Tracker.Domain.Studies;

namespace Tracker.Server.Studies.GetStudies;

/// <summary>Inline multi-stream projection: study streams create it, run registrations join it by study name.</summary>
public sealed class StudySummaryProjection : MultiStreamProjection<StudySummary, string>
{
    public StudySummaryProjection()
    {
        Identity<StudyCreated>(e => e.Name);
        Identity<RunRegistered>(e => e.Study);
        Identity<ScalingVariablesMapped>(e => e.Study);
        Identity<FitComputed>(e => e.Study);
        Identity<WarningRaised>(e => e.Study);
        Identity<WarningCleared>(e => e.Study);
    }

    public static StudySummary Create(IEvent<StudyCreated> e) => new()
    {
        Id = e.Data.Name,
        CreatedAt = e.Timestamp,
        LastActivity = e.Timestamp,
    };

    public static void Apply(IEvent<RunRegistered> e, StudySummary study)
    {
        if (!study.RunIds.Contains(e.Data.RunId))
        {
            study.RunIds.Add(e.Data.RunId);
        }

        if (e.Data.Model.Parameters is { } n && !study.ModelSizes.Contains(n))
        {
            study.ModelSizes.Add(n);
            study.ModelSizes.Sort();
        }

        study.LastActivity = e.Timestamp;
    }

    public static void Apply(IEvent<ScalingVariablesMapped> e, StudySummary study)
    {
        study.LossDataset = e.Data.LossDataset;
        study.MappingSequence = e.Sequence;
    }

    public static void Apply(FitComputed e, StudySummary study) => study.LatestFits[e.Axis] = e.Fit;

    public static void Apply(IEvent<WarningRaised> e, StudySummary study) =>
        study.Warnings.Add(new WarningView(e.Data.Kind, e.Data.RunId, e.Data.Run, e.Data.Message, e.Timestamp, null, e.Data.Evidence));

    public static void Apply(IEvent<WarningCleared> e, StudySummary study)
    {
        var index = study.Warnings.FindLastIndex(w => w.Kind == e.Data.Kind && w.RunId == e.Data.RunId && w.ClearedAt is null);
        if (index >= 0)
        {
            study.Warnings[index] = study.Warnings[index] with { ClearedAt = e.Timestamp };
        }
    }
}
