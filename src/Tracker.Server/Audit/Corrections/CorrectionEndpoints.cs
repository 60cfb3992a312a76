using Marten;
using Tracker.Contracts.Messaging;
using Tracker.Contracts.Runs;
using Tracker.Domain.Runs;
using Tracker.Domain.Validation;
using Tracker.Server.Infrastructure.Http;
using Tracker.Server.Runs.GetRunSummary;
using Tracker.Server.Runs.Writing;

namespace Tracker.Server.Audit.Corrections;

/// <summary><c>POST /api/v1/runs/{runId}/corrections/…</c>: corrections recorded as new events on the run stream, with
/// the reason from the body and the caller as author. They go through the run writer like every run write (one writer
/// per run, hash-chain stamping, archived studies refused); the answer comes after the commit, with the run's effective
/// summary. A correction whose state already holds writes nothing (<c>recorded: false</c>).</summary>
public static class CorrectionEndpoints
{
    public const string InvalidateEvaluationName = "InvalidateEvaluation";
    public const string ExcludeName = "ExcludeRunFromFits";
    public const string IncludeName = "ReincludeRunInFits";
    public const string ModelSizeName = "CorrectModelSize";

    public static async Task<IResult> InvalidateEvaluationAsync(Guid runId, HttpContext http, RunWriter writer, IQuerySession query, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<InvalidateEvaluationRequest>(http.Request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var request = body.Value!;
        var errors = CorrectionValidator.Evaluation(request.Step, request.Dataset, request.Reason);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        return await CorrectAsync(runId, "invalidate-evaluation", http, writer, query, origin =>
            ledger => CorrectionDecider.InvalidateEvaluation(ledger, new InvalidateEvaluation(runId, request.Step!.Value, request.Dataset!, request.Reason!, origin)), ct);
    }

    public static Task<IResult> ExcludeAsync(Guid runId, HttpContext http, RunWriter writer, IQuerySession query, CancellationToken ct) =>
        WithReasonAsync(runId, "exclude", http, writer, query, (reason, origin) =>
            ledger => CorrectionDecider.Exclude(ledger, new ExcludeRunFromFits(runId, reason, origin)), ct);

    public static Task<IResult> IncludeAsync(Guid runId, HttpContext http, RunWriter writer, IQuerySession query, CancellationToken ct) =>
        WithReasonAsync(runId, "include", http, writer, query, (reason, origin) =>
            ledger => CorrectionDecider.Reinclude(ledger, new ReincludeRunInFits(runId, reason, origin)), ct);

    public static async Task<IResult> ModelSizeAsync(Guid runId, HttpContext http, RunWriter writer, IQuerySession query, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<CorrectModelSizeRequest>(http.Request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var request = body.Value!;
        var errors = CorrectionValidator.ModelSize(request.Parameters, request.Reason);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        return await CorrectAsync(runId, "model-size", http, writer, query, origin =>
            ledger => CorrectionDecider.CorrectModelSize(ledger, new CorrectModelSize(runId, request.Parameters!.Value, request.Reason!, origin)), ct);
    }

    private static async Task<IResult> WithReasonAsync(
        Guid runId, string correction, HttpContext http, RunWriter writer, IQuerySession query,
        Func<string, CommandOrigin, Func<RunLedger, Decision>> decide, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<CorrectionReasonRequest>(http.Request, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = CorrectionValidator.Reason(body.Value!.Reason);
        return errors.Count > 0
            ? Problems.Invalid(errors)
            : await CorrectAsync(runId, correction, http, writer, query, origin => decide(body.Value.Reason!, origin), ct);
    }

    private static async Task<IResult> CorrectAsync(
        Guid runId, string correction, HttpContext http, RunWriter writer, IQuerySession query,
        Func<CommandOrigin, Func<RunLedger, Decision>> decide, CancellationToken ct)
    {
        // The author is the origin's user, as for every other event; the request's correlation id ties the event to it.
        var origin = RequestOrigin.Of(http);
        CommandOutcome outcome;
        try
        {
            outcome = await writer.ExecuteAsync(runId, decide(origin), new EventMetadata(origin.CorrelationId, null, origin), ct);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException || ex.InnerException is Npgsql.NpgsqlException)
        {
            // As for ingestion: the store is down or restarting. A retry is safe: a correction already stored records nothing.
            outcome = new CommandOutcome(503, 0, 0, "Correction not confirmed", "the store is unavailable; retry the request (a repeated correction is never recorded twice)");
        }

        if (!outcome.Succeeded)
        {
            return Problems.From(outcome);
        }

        var run = await query.LoadAsync<RunSummary>(runId, ct);
        return Results.Ok(new CorrectionResult(runId, correction, outcome.Accepted > 0, run!.ToView()));
    }
}
