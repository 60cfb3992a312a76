using Marten;
using Tracker.Contracts.Studies;
using Tracker.Domain.Runs;
using Tracker.Domain.Studies;
using Tracker.Domain.Studies.Analysis;
using Tracker.Server.Audit.Storage;
using Tracker.Server.Infrastructure.Http;

namespace Tracker.Server.Audit.TimeTravel;

public static class DatasetAsOfEndpoint
{
    /// <summary>The events the study summary projection folds.</summary>
    public static readonly Type[] SummaryEvents =
        [typeof(StudyCreated), typeof(RunRegistered), typeof(ScalingVariablesMapped), typeof(FitComputed), typeof(WarningRaised), typeof(WarningCleared), typeof(StudyArchived)];

    /// <summary><c>GET /api/v1/studies/{study}/dataset?asOf=…|sequence=…</c>: the study (its runs and loss mapping) and
    /// each run's curve folded from the events stored up to then by the live projections' own code
    /// (<see cref="StudyAsOfReader"/>, which the dashboard's time slider uses too), then the same dataset derivation
    /// as the live answer.</summary>
    public static async Task<IResult> HandleAsync(string study, IQuerySession query, StoredEventReader events, CancellationToken ct, DateTimeOffset? asOf = null, long? sequence = null)
    {
        if (asOf is not null && sequence is not null)
        {
            return Problems.Invalid("sequence", "give either asOf or sequence, not both");
        }

        if (await StudyAsOfReader.ReadAsync(study, query, events, asOf, sequence, ct) is not { } state)
        {
            return Problems.NotFound($"study '{study}' did not exist at {(asOf is { } t ? t.ToString("O") : $"sequence {sequence}")}");
        }

        var lossDataset = state.Summary.LossDataset;
        return Results.Ok(new DatasetView(study, lossDataset, ScalingDataset.Build(state.Curves, lossDataset)));
    }
}
