using System.Globalization;
using Tracker.Domain.Import.Runs;
using Tracker.Domain.Runs;
using Tracker.Domain.Validation;

namespace Tracker.Server.Import.Sources;

/// <summary>The import options of the query string: <c>modelSize</c> (7B, 0.5B or 7e9), <c>model</c>,
/// <c>batchSize</c>, <c>rolloutN</c>, <c>uniqueSamples</c>, <c>status</c> and <c>lossDataset</c>. Each given value
/// wins over what the file's parameters say; each bad one is named.</summary>
public sealed record RunImportQuery(RunImportOptions Options, string? LossDataset)
{
    public static readonly string[] Statuses = ["completed", "failed", "killed", "running"];

    public static RunImportQuery Read(IQueryCollection query, List<ValidationError> errors, string? defaultStatus = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(errors);
        var options = new RunImportOptions(
            ReadModelSize(query, errors),
            Name(query, "model", errors),
            (int?)Count(query, "batchSize", int.MaxValue, errors),
            (int?)Count(query, "rolloutN", int.MaxValue, errors),
            Count(query, "uniqueSamples", long.MaxValue, errors),
            Status(query, errors) ?? defaultStatus);
        return new RunImportQuery(options, Name(query, "lossDataset", errors));
    }

    public static string? Text(IQueryCollection query, string name) =>
        query[name].FirstOrDefault()?.Trim() is { Length: > 0 } text ? text : null;

    private static double? ReadModelSize(IQueryCollection query, List<ValidationError> errors)
    {
        if (Text(query, "modelSize") is not { } text)
        {
            return null;
        }

        var n = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : ModelSize.TryParse(text);
        if (n is { } value && double.IsFinite(value) && value > 0)
        {
            return value;
        }

        errors.Add(new ValidationError("modelSize", $"must be a parameter count such as 7B, 0.5B or 7e9, got '{text}'"));
        return null;
    }

    private static long? Count(IQueryCollection query, string name, long max, List<ValidationError> errors)
    {
        if (Text(query, name) is not { } text)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max)
        {
            return value;
        }

        errors.Add(new ValidationError(name, $"must be a whole number from 1 to {max}, got '{text}'"));
        return null;
    }

    private static string? Name(IQueryCollection query, string name, List<ValidationError> errors)
    {
        var text = Text(query, name);
        if (text is { Length: > Limits.MaxNameLength })
        {
            errors.Add(new ValidationError(name, $"at most {Limits.MaxNameLength} characters"));
            return null;
        }

        return text;
    }

    private static string? Status(IQueryCollection query, List<ValidationError> errors)
    {
        var text = Text(query, "status");
        if (text is null || Statuses.Contains(text.ToLowerInvariant()))
        {
            return text?.ToLowerInvariant();
        }

        errors.Add(new ValidationError("status", $"must be one of {string.Join(", ", Statuses)}, got '{text}'"));
        return null;
    }
}
