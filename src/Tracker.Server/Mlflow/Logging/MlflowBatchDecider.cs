using Tracker.Contracts.Messaging;
using Tracker.Domain.Conventions;
using Tracker.Domain.Runs;
using Tracker.Server.Mlflow.Wire;

namespace Tracker.Server.Mlflow.Logging;

/// <summary>Decides an MLflow logging request against the run's ledger, as MLflow's store would, in one atomic append:
/// new parameters (a logged parameter never changes value: INVALID_PARAMETER_VALUE, nothing written), changed tags,
/// the metric points as sent, and what the study's conventions derive from them (the run's spec, steps, evaluations).
/// A retried request is a duplicate and writes nothing.</summary>
public static class MlflowBatchDecider
{
    public static Decision Decide(RunLedger ledger, MlflowBatch batch, TrainingConventions conventions)
    {
        if (ledger.Registration is null)
        {
            return UnknownRun(batch.RunId);
        }

        var events = new List<object>();
        var newParams = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in batch.Params)
        {
            if (ledger.Params.TryGetValue(key, out var stored))
            {
                if (stored != value)
                {
                    return Decision.Reject(400, MlflowErrorCode.InvalidParameterValue,
                        $"Changing param values is not allowed. Param with key='{key}' was already logged with value='{stored}' for run ID='{MlflowIds.RunId(batch.RunId)}'. Attempted logging new value '{value}'.");
                }

                continue;
            }

            newParams[key] = value;
        }

        var training = ledger.Training;
        if (newParams.Count > 0)
        {
            events.Add(new RunParamsLogged(batch.RunId, newParams));
            var all = new Dictionary<string, string>(ledger.Params, StringComparer.Ordinal);
            foreach (var (key, value) in newParams)
            {
                all[key] = value;
            }

            var reading = conventions.ReadSpec(all);
            var (model, derivedTraining) = reading.Over(ledger.Model, ledger.Training);
            if (model != ledger.Model || derivedTraining != ledger.Training)
            {
                events.Add(new RunSpecDerived(batch.RunId, model, derivedTraining, reading.FromParams));
                training = derivedTraining;
            }
        }

        var changedTags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in batch.Tags)
        {
            if (!ledger.Tags.TryGetValue(key, out var stored) || stored != value || changedTags.ContainsKey(key))
            {
                changedTags[key] = value;
            }
        }

        if (changedTags.Count > 0)
        {
            events.Add(new RunTagged(batch.RunId, changedTags));
        }

        if (batch.Metrics.Count > 0 && !ledger.HasMetricBatch(MetricBatchFingerprint.Of(batch.Metrics)))
        {
            events.Add(new MetricsLogged(batch.RunId, batch.Metrics));
            var derived = MetricTranslator.Translate(batch.Metrics, conventions, ledger, training.BatchSize);
            if (derived.Steps.Count > 0)
            {
                events.Add(new StepsLogged(batch.RunId, derived.Steps));
            }

            if (derived.Evaluations.Count > 0)
            {
                events.Add(new EvaluationsRecorded(batch.RunId, derived.Evaluations));
            }
        }

        var items = batch.Params.Count + batch.Tags.Count + batch.Metrics.Count;
        return new Decision(events, new CommandOutcome(200, events.Count, events.Count == 0 ? items : 0));
    }

    public static Decision UnknownRun(Guid runId) =>
        Decision.Reject(404, MlflowErrorCode.ResourceDoesNotExist, $"Run with id={MlflowIds.RunId(runId)} not found");
}
