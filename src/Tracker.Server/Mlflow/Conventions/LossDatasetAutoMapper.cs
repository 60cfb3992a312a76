using Marten;
using Tracker.Domain.Identity;
using Tracker.Domain.Studies;
using Tracker.Server.Runs.GetRunSummary;
using Tracker.Server.Studies;
using Tracker.Server.Studies.GetStudies;

namespace Tracker.Server.Mlflow.Conventions;

/// <summary>A study's test loss is 1 − pass@1 on one held-out dataset ("holdout" unless mapped). veRL names its
/// datasets by data source (openai/gsm8k …), so when MLflow evaluations arrive in a study that was never mapped and has
/// no "holdout" evaluations, the study is mapped to the first such dataset (ordinal order): a ScalingVariablesMapped
/// event by "mlflow-conventions", which a researcher overrides with PUT /api/v1/studies/{study}/mapping.</summary>
public sealed class LossDatasetAutoMapper(IDocumentStore store, StudyWriter writer, ILogger<LossDatasetAutoMapper> logger)
{
    public const string By = "mlflow-conventions";

    public async Task MapIfUnmappedAsync(string study, IReadOnlyCollection<string> datasets, CancellationToken ct)
    {
        if (datasets.Count == 0 || datasets.Contains(StudySummary.DefaultLossDataset))
        {
            return;
        }

        await using var query = store.QuerySession();
        var summary = await query.LoadAsync<StudySummary>(study, ct);
        if (summary is null || summary.MappingSequence != 0 || summary.LossDataset != StudySummary.DefaultLossDataset)
        {
            return;
        }

        var runs = await query.Query<RunSummary>().Where(r => r.Study == study).ToListAsync(ct);
        if (runs.Any(r => r.LastEvaluations.ContainsKey(StudySummary.DefaultLossDataset)))
        {
            return;
        }

        var dataset = datasets.Order(StringComparer.Ordinal).First();
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Study {Study} had no loss dataset mapping: mapped to {Dataset} from its MLflow evaluations", study, dataset);
        }
        await writer.AppendAsync(study, [new ScalingVariablesMapped(DeterministicGuid.ForStudy(study), study, dataset, By)], By, ct);
    }
}
