using Tracker.Contracts.Studies;
using Tracker.Domain.Identity;
using Tracker.Domain.Studies;
using Tracker.Domain.Studies.Analysis;
using Tracker.Server.Infrastructure.Http;
using Tracker.Server.Studies.GetStudies;

namespace Tracker.Server.Studies.Scaling;

/// <summary>The study's scaling answers: dataset, fit (live, held-out or as of a time), saturation, crossover,
/// budget plan, forecasts, data reuse and warnings.</summary>
public static class ScalingEndpoints
{
    public static Task<IResult> DatasetAsync(string study, StudyQueries queries, CancellationToken ct) =>
        WithData(study, queries, ct, data => Results.Ok(new DatasetView(study, data.Summary.LossDataset, data.Points)));

    public static async Task<IResult> FitAsync(string study, StudyQueries queries, CancellationToken ct, string axis = Axis.Compute, double? holdout = null, DateTimeOffset? asOf = null)
    {
        if (!Axis.IsValid(axis))
        {
            return Problems.Invalid("axis", "must be compute or data");
        }

        if (asOf is { } time)
        {
            if (holdout is not null)
            {
                return Problems.Invalid("holdout", "cannot be combined with asOf: past fits are recorded without a held-out size");
            }

            if (await queries.GetSummaryAsync(study, ct) is null)
            {
                return StudiesEndpoints.UnknownStudy(study);
            }

            return await queries.FitAsOfAsync(study, axis, time, ct) is { } past
                ? Results.Ok(past)
                : Problems.NotFound($"no fit of study '{study}' on the {axis} axis was recorded on or before {time:O}");
        }

        return await WithData(study, queries, ct, data => Results.Ok(queries.Fit(data, axis, holdout)));
    }

    public static async Task<IResult> FitHistoryAsync(string study, StudyQueries queries, CancellationToken ct, string axis = Axis.Compute) =>
        !Axis.IsValid(axis) ? Problems.Invalid("axis", "must be compute or data")
        : await queries.GetSummaryAsync(study, ct) is null ? StudiesEndpoints.UnknownStudy(study)
        : Results.Ok(await queries.FitHistoryAsync(study, axis, ct));

    public static Task<IResult> SaturationAsync(string study, StudyQueries queries, CancellationToken ct, string axis = Axis.Compute) =>
        Axis.IsValid(axis)
            ? WithData(study, queries, ct, data => Results.Ok(StudyAnalysis.Saturation(axis, data.Points)))
            : Task.FromResult(Problems.Invalid("axis", "must be compute or data"));

    public static Task<IResult> CrossoverAsync(string study, double? a, double? b, StudyQueries queries, CancellationToken ct, string axis = Axis.Compute)
    {
        if (a is not > 0 || b is not > 0)
        {
            return Task.FromResult(Problems.Invalid(a is not > 0 ? "a" : "b", "must be a trained model size N (e.g. a=32e9&b=72e9)"));
        }

        return Axis.IsValid(axis)
            ? WithData(study, queries, ct, data => Results.Ok(StudyAnalysis.Crossover(axis, data.Points, a.Value, b.Value)))
            : Task.FromResult(Problems.Invalid("axis", "must be compute or data"));
    }

    public static Task<IResult> PlanAsync(string study, double? compute, StudyQueries queries, CancellationToken ct) =>
        compute is > 0 && double.IsFinite(compute.Value)
            ? WithData(study, queries, ct, data => Results.Ok(StudyAnalysis.Plan(Axis.Compute, data.Points, compute.Value)))
            : Task.FromResult(Problems.Invalid("compute", "must be a positive budget in FLOPs (e.g. compute=1e20)"));

    public static Task<IResult> ForecastsAsync(string study, StudyQueries queries, CancellationToken ct, string axis = Axis.Compute) =>
        WithData(study, queries, ct, data =>
        {
            var runs = data.Curves.ToDictionary(c => c.Id);
            return Results.Ok(StudyAnalysis.Forecasts(axis, data.Points, id => runs.TryGetValue(id, out var c) ? (c.Name, c.Finished) : ("?", false)));
        });

    public static Task<IResult> ReuseAsync(string study, StudyQueries queries, CancellationToken ct, double threshold = StudyQueries.DefaultReuseThreshold) =>
        WithData(study, queries, ct, data => Results.Ok(StudyAnalysis.Reuse(data.Points, threshold)));

    public static async Task<IResult> WarningsAsync(string study, StudyQueries queries, CancellationToken ct, bool includeCleared = false) =>
        await queries.GetSummaryAsync(study, ct) is { } summary
            ? Results.Ok(summary.Warnings.Where(w => includeCleared || w.ClearedAt is null).ToList())
            : StudiesEndpoints.UnknownStudy(study);

    public static async Task<IResult> OverviewAsync(string study, StudyQueries queries, CancellationToken ct) =>
        await queries.GetSummaryAsync(study, ct) is { } summary
            ? Results.Ok(await queries.OverviewAsync(summary, ct))
            : StudiesEndpoints.UnknownStudy(study);

    /// <summary>Changes which evaluation dataset is the test loss; recorded as an event, datasets follow at once.</summary>
    public static async Task<IResult> MapAsync(string study, HttpContext http, StudyQueries queries, StudyWriter writer, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<MappingRequest>(http.Request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        if (string.IsNullOrWhiteSpace(body.Value!.LossDataset) || body.Value.LossDataset.Length > 250)
        {
            return Problems.Invalid("lossDataset", "is required: the evaluation dataset whose 1 − pass@1 is the test loss");
        }

        if (await queries.GetSummaryAsync(study, ct) is not { } summary)
        {
            return StudiesEndpoints.UnknownStudy(study);
        }

        if (summary.Archived is { } archived)
        {
            return Problems.From(Archive.ArchivedStudies.Refusal(study, archived));
        }

        var user = http.User.Identity?.Name;
        await writer.AppendAsync(study, [new ScalingVariablesMapped(DeterministicGuid.ForStudy(study), study, body.Value.LossDataset, user)], user, ct);
        return Results.Ok(body.Value);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1068", Justification = "The answer lambda reads best last.")]
    private static async Task<IResult> WithData(string study, StudyQueries queries, CancellationToken ct, Func<StudyData, IResult> answer) =>
        await queries.GetSummaryAsync(study, ct) is { } summary
            ? answer(await queries.GetDataAsync(summary, ct))
            : StudiesEndpoints.UnknownStudy(study);
}

public sealed record MappingRequest(string? LossDataset);
