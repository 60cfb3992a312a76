using System.Globalization;
using Tracker.Domain.Validation;

namespace Tracker.Domain.Import;

/// <summary>Typed reads of one CSV row's fields; each bad value is recorded with its line and column, and a
/// placeholder is returned so that the rest of the row is still checked.</summary>
internal readonly struct Cells(IReadOnlyList<string> fields, int line, PaperCsv.ErrorList errors)
{
    public double Number(int index, string column, Func<double, bool> valid, string rule)
    {
        var text = fields[index].Trim();
        if (text.Length == 0)
        {
            errors.Add(line, column, "is empty; a number is required");
            return 0;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            errors.Add(line, column, $"'{Clip(text)}' is not a number");
            return 0;
        }

        if (!double.IsFinite(value))
        {
            errors.Add(line, column, $"must be a finite number, got '{Clip(text)}'");
            return 0;
        }

        if (!valid(value))
        {
            errors.Add(line, column, $"{rule}, got {text}");
            return 0;
        }

        return value;
    }

    public long Step(int index)
    {
        var text = fields[index].Trim();
        // pandas writes an integer column as "12", or "12.0" once it has held a missing value.
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var step)
            || (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                && Math.Abs(d) < Limits.MaxStep * 2.0 && d == Math.Floor(d) && (step = (long)d) == d))
        {
            if (step is >= 0 and <= Limits.MaxStep)
            {
                return step;
            }

            errors.Add(line, "step", $"must be an integer in [0, {Limits.MaxStep}], got {text}");
            return 0;
        }

        errors.Add(line, "step", text.Length == 0 ? "is empty; an integer step is required" : $"'{Clip(text)}' is not an integer step");
        return 0;
    }

    public string Text(int index, string column)
    {
        var text = fields[index].Trim();
        if (text.Length == 0)
        {
            errors.Add(line, column, "is empty");
        }
        else if (text.Any(char.IsControl))
        {
            errors.Add(line, column, "must not contain control characters");
        }

        return text;
    }

    /// <summary>GRPO rollouts per prompt: a number, or "rho8" as the paper's ablation labels it; missing is fine.</summary>
    public int? Rollout(int index)
    {
        var text = fields[index].Trim();
        if (text.Length == 0 || PaperCsvColumns.IsMissingMarker(text))
        {
            return null;
        }

        var digits = text.StartsWith("rho", StringComparison.OrdinalIgnoreCase) ? text[3..] : text;
        if (double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= 1_000_000 && n == Math.Floor(n))
        {
            return (int)n;
        }

        errors.Add(line, "rollout_n", $"'{Clip(text)}' is not a rollout count (a positive integer or rhoN)");
        return null;
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
