using System.Text.Json;
using Tracker.Contracts.Messaging;
using Tracker.Contracts.Runs;
using Tracker.Domain.Identity;
using Tracker.Domain.Import.Conventions;
using Tracker.Domain.Validation;

namespace Tracker.Domain.Import.Runs;

/// <summary>Turns a run read from another tracker into the commands a training job would have sent, giving its names
/// Tracker meaning through <see cref="IImportConventions"/>. Deterministic: the same source gives the same commands,
/// so importing it again finds everything stored and adds nothing.</summary>
/// <remarks>Logged steps may be sparse (TRL logs every 10 steps, a W&amp;B history may be sampled), so each step's
/// prompts are (step − previous logged step) × batch size, and its tokens the running total's increase, or the
/// step's own count × the same gap. Step 0 is the evaluation before training: it consumed nothing.</remarks>
public sealed class ImportedRunBuilder(IImportConventions conventions)
{
    /// <summary>Tags kept from the source besides Tracker's own: its own tags, not the tracker's bookkeeping.</summary>
    private const int MaxSourceTags = Limits.MaxTagCount - 4;

    public ImportedRun Build(SourceRun source, string format, string study, RunImportOptions options, CommandOrigin origin, int batchLimit = Limits.MaxStepsPerRequest)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchLimit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchLimit, Math.Min(Limits.MaxStepsPerRequest, Limits.MaxEvaluationsPerRequest));

        var shape = conventions.ReadShape(source.Parameters);
        var runId = DeterministicGuid.ForRun(study, source.Name);
        var training = new TrainingSpec(
            options.BatchSize ?? shape.Training.BatchSize,
            options.RolloutN ?? shape.Training.RolloutN,
            options.UniqueSamples ?? shape.Training.UniqueSamples);
        var model = shape.Model with
        {
            Family = options.ModelName ?? shape.Model.Family,
            Parameters = options.ModelParameters ?? shape.Model.Parameters,
        };
        var register = new RegisterRun(
            runId,
            study,
            source.Name,
            model,
            training,
            Config(source, format),
            Tags(source, format),
            origin);

        var (steps, evaluations) = StepsAndEvaluations(source.Steps, training.BatchSize);
        var status = options.Status ?? source.Status;
        var finish = status is null || status.Equals("running", StringComparison.OrdinalIgnoreCase)
            ? null
            : new FinishRun(runId, status.ToLowerInvariant(), $"imported from {format}", origin);
        return new ImportedRun(
            source,
            register,
            [.. steps.Chunk(batchLimit).Select(chunk => new LogSteps(runId, chunk, origin))],
            [.. evaluations.Chunk(batchLimit).Select(chunk => new RecordEvaluations(runId, chunk, origin))],
            finish);
    }

    private (List<StepData> Steps, List<EvaluationData> Evaluations) StepsAndEvaluations(IReadOnlyList<SourceStep> source, int? batchSize)
    {
        var steps = new List<StepData>(source.Count);
        var evaluations = new List<EvaluationData>();
        long previousStep = 0;
        double? previousTotal = null;
        foreach (var step in source.OrderBy(s => s.Step))
        {
            var meaning = conventions.ReadStep(step.Metrics);
            var gap = step.Step - previousStep;
            double? tokens = meaning.CumulativeTokens is { } total
                ? Math.Max(0, total - (previousTotal ?? 0))
                : step.Step == 0 ? 0 : meaning.Tokens * gap;
            previousTotal = meaning.CumulativeTokens ?? previousTotal;
            previousStep = step.Step;

            steps.Add(new StepData(
                step.Step,
                step.Time,
                meaning.Reward,
                meaning.Loss,
                tokens,
                Flops: null,
                Samples: batchSize is { } b ? gap * (double)b : step.Step == 0 ? 0 : null,
                Metrics: step.Metrics.Count > 0 ? Metrics(step.Metrics) : null));
            evaluations.AddRange(meaning.Evaluations.Select(e => new EvaluationData(step.Step, e.Dataset, e.PassAt1)));
        }

        return (steps, evaluations);
    }

    /// <summary>The finite metrics under the per-step limits, sorted so the same step always has the same metrics.</summary>
    private static SortedDictionary<string, double> Metrics(IReadOnlyDictionary<string, double> metrics)
    {
        var kept = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (kept.Count < Limits.MaxMetricsPerStep && key.Length is > 0 and <= Limits.MaxNameLength && double.IsFinite(value))
            {
                kept[key] = value;
            }
        }

        return kept;
    }

    private static Dictionary<string, string> Tags(SourceRun source, string format)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["source"] = format,
            ["sourceRunId"] = Clip(source.SourceId, Limits.MaxTagValueLength),
        };
        foreach (var (key, value) in source.Tags.Where(t => IsUserTag(t.Key)).OrderBy(t => t.Key, StringComparer.Ordinal).Take(MaxSourceTags))
        {
            if (key.Length <= Limits.MaxNameLength && !key.Any(char.IsControl))
            {
                tags.TryAdd(key, Clip(value, Limits.MaxTagValueLength));
            }
        }

        return tags;
    }

    // The exporters' own bookkeeping and MLflow's system tags stay in the config, not among the run's tags.
    private static bool IsUserTag(string key) =>
        !key.StartsWith("mlflow", StringComparison.Ordinal) && !key.StartsWith('_');

    /// <summary>Where the run came from and everything it recorded as text (parameters and tags), sorted by name.</summary>
    private static JsonElement Config(SourceRun source, string format)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("import");
            json.WriteString("format", format);
            json.WriteString("sourceRunId", source.SourceId);
            json.WriteEndObject();
            WriteSorted(json, "parameters", source.Parameters);
            WriteSorted(json, "tags", source.Tags);
            json.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    private static void WriteSorted(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string> values)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
    }

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..max];
}
