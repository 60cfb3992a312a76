using Tracker.Contracts.Import;
using Tracker.Domain.Identity;
using Tracker.Domain.Import.Runs;
using Tracker.Domain.Studies;
using Tracker.Server.Infrastructure.Http;
using Tracker.Server.Mlflow.Conventions;
using Tracker.Server.Runs.Writing;
using Tracker.Server.Studies;
using Tracker.Server.Studies.GetStudies;

namespace Tracker.Server.Import.Sources;

/// <summary>The path every imported file takes once read: runs built with the study's conventions, validated like
/// API input, dry-run against what is stored (a conflict refuses the whole file), written by
/// <see cref="RunImporter"/>, and, when asked, the study's loss dataset set. Nothing is written unless all of it is valid.</summary>
public sealed class SourceImport(RunImporter importer, StudyImportConventions conventions, LossDatasetAutoMapper autoMapper, StudyWriter studies)
{
    public const int MaxListedErrors = 20;

    public async Task<IResult> ImportAsync(HttpContext http, string study, string format, SourceFile file, RunImportQuery query, StudyQueries queries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(queries);
        if (!file.IsValid)
        {
            return Rejected(format, file);
        }

        var origin = RequestOrigin.Of(http);
        var builder = new ImportedRunBuilder(await conventions.ForStudyAsync(study, cancellationToken));
        var runs = file.Runs.Select(r => builder.Build(r, format, study, query.Options, origin)).ToList();
        var invalid = RunImportValidator.Validate(runs);
        if (invalid.Count > 0)
        {
            return Problems.Invalid(invalid);
        }

        var conflicts = await importer.FindConflictsAsync(runs, MaxListedErrors, cancellationToken);
        if (conflicts.Count > 0)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Conflicts with stored runs",
                detail: "nothing was imported: " + string.Join("; ", conflicts),
                extensions: new Dictionary<string, object?> { ["conflicts"] = conflicts });
        }

        var metadata = new EventMetadata(origin.CorrelationId, $"{format}-import:{Guid.NewGuid():N}", origin);
        ImportTally tally;
        try
        {
            tally = await importer.ImportAsync(runs, metadata, cancellationToken);
        }
        catch (ImportConflictException ex)
        {
            return Results.Problem(
                statusCode: ex.Outcome.Status,
                title: ex.Outcome.Title,
                detail: $"{ex.Outcome.Detail}; another writer changed a run during the import. What was stored is kept; importing the file again completes it (stored data comes back as duplicates)");
        }

        var lossDataset = await MapLossDatasetAsync(study, query.LossDataset, runs, queries, metadata, cancellationToken);
        var imported = runs.Select(View).ToList();
        return Results.Ok(new RunImportResult(
            study, format, runs.Count, tally.Runs, tally.Steps, tally.Evaluations, tally.Duplicates, lossDataset, imported,
            [.. file.Notes, .. ImportNotes.About(runs, lossDataset)]));
    }

    /// <summary>Sets the study's loss dataset when the import names one the study does not use yet (an event, as
    /// <c>PUT …/mapping</c> records it). Without one, a study never mapped follows its first evaluations, as it does
    /// for runs logged through MLflow. Answers the loss dataset in force.</summary>
    private async Task<string> MapLossDatasetAsync(string study, string? wanted, IReadOnlyList<ImportedRun> runs, StudyQueries queries, EventMetadata metadata, CancellationToken cancellationToken)
    {
        if (wanted is null)
        {
            var datasets = runs.SelectMany(r => r.Evaluations).SelectMany(b => b.Evaluations).Select(e => e.Dataset).ToHashSet(StringComparer.Ordinal);
            await autoMapper.MapIfUnmappedAsync(study, datasets, cancellationToken);
            return (await queries.GetSummaryAsync(study, cancellationToken))?.LossDataset ?? StudySummary.DefaultLossDataset;
        }

        var current = (await queries.GetSummaryAsync(study, cancellationToken))?.LossDataset ?? StudySummary.DefaultLossDataset;
        if (wanted == current)
        {
            return current;
        }

        var user = metadata.Origin.User;
        await studies.AppendAsync(study, [new ScalingVariablesMapped(DeterministicGuid.ForStudy(study), study, wanted, user)], user, cancellationToken);
        return wanted;
    }

    private static ImportedSourceRunView View(ImportedRun run) =>
        new(
            run.RunId,
            run.Register.Name,
            run.Source.SourceId,
            run.Register.Model.Family,
            Domain.Runs.ModelSize.Resolve(run.Register.Model.Parameters, run.Register.Model.Family, run.Register.Name),
            run.Register.Training.BatchSize,
            run.Finish?.Status ?? "running",
            run.StepCount,
            run.EvaluationCount,
            [.. run.Evaluations.SelectMany(b => b.Evaluations).Select(e => e.Dataset).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);

    private static IResult Rejected(string format, SourceFile file) =>
        Results.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: $"Invalid {format} file",
            detail: $"{file.ErrorCount} error{(file.ErrorCount == 1 ? "" : "s")} in the file, nothing was imported: "
                + string.Join("; ", file.Errors)
                + (file.ErrorCount > file.Errors.Count ? $"; and {file.ErrorCount - file.Errors.Count} more" : ""),
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = file.Errors,
                ["errorCount"] = file.ErrorCount,
            });
}
