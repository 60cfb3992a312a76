using Tracker.Contracts.Messaging;
using Tracker.Contracts.Runs;

namespace Tracker.Domain.Validation;

/// <summary>Checks every field of a command before anything is written; returns all problems, not just the first.</summary>
public static class RunInputValidator
{
    public static List<ValidationError> Validate(RegisterRun c)
    {
        var errors = new List<ValidationError>();
        StudyName(errors, "study", c.Study);
        Name(errors, "name", c.Name);
        OptionalName(errors, "model.family", c.Model.Family);
        OptionalName(errors, "model.variant", c.Model.Variant);
        if (c.Model.Parameters is { } n && !(double.IsFinite(n) && n > 0))
        {
            errors.Add(new("model.parameters", "must be a positive finite number of parameters"));
        }

        Positive(errors, "training.batchSize", c.Training.BatchSize);
        Positive(errors, "training.rolloutN", c.Training.RolloutN);
        if (c.Training.UniqueSamples is <= 0)
        {
            errors.Add(new("training.uniqueSamples", "must be positive"));
        }

        if (c.Tags.Count > Limits.MaxTagCount)
        {
            errors.Add(new("tags", $"at most {Limits.MaxTagCount} tags"));
        }

        foreach (var (key, value) in c.Tags)
        {
            Name(errors, "tags key", key);
            if (value is null || value.Length > Limits.MaxTagValueLength)
            {
                errors.Add(new($"tags.{Truncate(key)}", $"value must be a string of at most {Limits.MaxTagValueLength} characters"));
            }
        }

        return errors;
    }

    public static List<ValidationError> Validate(IReadOnlyList<StepData>? steps)
    {
        var errors = new List<ValidationError>();
        if (!Batch(errors, "steps", steps, Limits.MaxStepsPerRequest))
        {
            return errors;
        }

        for (var i = 0; i < steps!.Count; i++)
        {
            var s = steps[i];
            if (s is null)
            {
                errors.Add(new($"steps[{i}]", "must be an object with at least a step"));
                continue;
            }

            // The rules write paths relative to the step (".reward", …: constants, so a valid step allocates none);
            // the step's own prefix is added only to the errors it produced.
            var before = errors.Count;
            Step(errors, s);
            for (var e = before; e < errors.Count; e++)
            {
                errors[e] = errors[e] with { Field = $"steps[{i}]{errors[e].Field}" };
            }

            if (errors.Count >= 100)
            {
                break; // enough to act on; a huge bad batch must not produce a huge answer
            }
        }

        return errors;
    }

    private static void Step(List<ValidationError> errors, StepData s)
    {
        StepNumber(errors, "", s.Step);
        Finite(errors, ".reward", s.Reward);
        Finite(errors, ".loss", s.Loss);
        NonNegative(errors, ".tokens", s.Tokens);
        NonNegative(errors, ".flops", s.Flops);
        NonNegative(errors, ".samples", s.Samples);
        if (s.Metrics is not { } metrics)
        {
            return;
        }

        if (metrics.Count > Limits.MaxMetricsPerStep)
        {
            errors.Add(new(".metrics", $"at most {Limits.MaxMetricsPerStep} metrics per step"));
        }

        foreach (var (key, value) in metrics)
        {
            if (string.IsNullOrEmpty(key) || key.Length > Limits.MaxNameLength)
            {
                errors.Add(new(".metrics", $"metric names must have 1 to {Limits.MaxNameLength} characters"));
            }
            else if (!double.IsFinite(value))
            {
                errors.Add(new($".metrics.{key}", "must be a finite number (NaN and Infinity are not accepted)"));
            }
        }
    }

    public static List<ValidationError> Validate(IReadOnlyList<EvaluationData>? evaluations)
    {
        var errors = new List<ValidationError>();
        if (!Batch(errors, "evaluations", evaluations, Limits.MaxEvaluationsPerRequest))
        {
            return errors;
        }

        for (var i = 0; i < evaluations!.Count; i++)
        {
            var e = evaluations[i];
            var at = $"evaluations[{i}]";
            if (e is null)
            {
                errors.Add(new(at, "must be an object with step, dataset and passAt1"));
                continue;
            }

            StepNumber(errors, at, e.Step);
            Name(errors, at + ".dataset", e.Dataset);
            if (!double.IsFinite(e.PassAt1) || e.PassAt1 is < 0 or > 1)
            {
                errors.Add(new(at + ".passAt1", "must be a number in [0, 1]"));
            }

            Positive(errors, at + ".problems", e.Problems);
            if (errors.Count >= 100)
            {
                break;
            }
        }

        return errors;
    }

    private static bool Batch<T>(List<ValidationError> errors, string field, IReadOnlyList<T>? items, int max)
    {
        if (items is null || items.Count == 0)
        {
            errors.Add(new(field, "must be a non-empty array"));
            return false;
        }

        if (items.Count > max)
        {
            errors.Add(new(field, $"at most {max} items per request, got {items.Count}"));
            return false;
        }

        return true;
    }

    private static void StepNumber(List<ValidationError> errors, string at, long step)
    {
        if (step is < 0 or > Limits.MaxStep)
        {
            errors.Add(new(at + ".step", $"must be an integer in [0, {Limits.MaxStep}], got {step}"));
        }
    }

    private static void Name(List<ValidationError> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, "is required"));
        }
        else
        {
            OptionalName(errors, field, value);
        }
    }

    /// <summary>A study name is a URL path segment and an export's file name: no separators, no "." or "..".</summary>
    public static void StudyName(List<ValidationError> errors, string field, string? value)
    {
        Name(errors, field, value);
        if (!string.IsNullOrWhiteSpace(value) && (value.IndexOfAny(['/', '\\']) >= 0 || value.Contains("..", StringComparison.Ordinal) || value.Trim() != value || value == "."))
        {
            errors.Add(new(field, "a study name has no '/', '\\' or '..' and no leading or trailing spaces"));
        }
    }

    private static void OptionalName(List<ValidationError> errors, string field, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > Limits.MaxNameLength)
        {
            errors.Add(new(field, $"at most {Limits.MaxNameLength} characters"));
        }
        else if (value.Any(char.IsControl))
        {
            errors.Add(new(field, "must not contain control characters"));
        }
    }

    private static void Finite(List<ValidationError> errors, string field, double? value)
    {
        if (value is { } v && !double.IsFinite(v))
        {
            errors.Add(new(field, "must be a finite number (NaN and Infinity are not accepted)"));
        }
    }

    private static void NonNegative(List<ValidationError> errors, string field, double? value)
    {
        Finite(errors, field, value);
        if (value is < 0)
        {
            errors.Add(new(field, "must not be negative"));
        }
    }

    private static void Positive(List<ValidationError> errors, string field, long? value)
    {
        if (value is <= 0)
        {
            errors.Add(new(field, "must be positive"));
        }
    }

    private static string Truncate(string key) => key.Length <= 40 ? key : key[..40] + "…";
}
