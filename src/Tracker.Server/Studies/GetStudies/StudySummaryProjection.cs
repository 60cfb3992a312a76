using JasperFx.Events;
using Marten.Events.Projections;
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
}
