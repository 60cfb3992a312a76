using System.Globalization;

namespace Tracker.Domain.Import.Wandb;

/// <summary>Reads metric cells and counts what is left out: empty cells are a metric not logged in that row,
/// NaN and infinities are not stored, and text (W&amp;B media and tables) is not a number.</summary>
internal sealed class CellTally
{
    private readonly SortedSet<string> _textColumns = new(StringComparer.Ordinal);
    private int _nonFinite;

    public double? Read(string cell, string column)
    {
        var text = cell.Trim();
        if (text.Length == 0 || WandbHistoryCsv.IsMissing(text))
        {
            return null;
        }

        // pandas writes infinities as inf and -inf, which .NET does not parse.
        if (text.TrimStart('-', '+').Equals("inf", StringComparison.OrdinalIgnoreCase))
        {
            _nonFinite++;
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            _textColumns.Add(column);
            return null;
        }

        if (!double.IsFinite(value))
        {
            _nonFinite++;
            return null;
        }

        return value;
    }

    public List<string> Notes(int rows, int steps, string stepColumn)
    {
        var notes = new List<string>();
        if (steps < rows)
        {
            notes.Add($"{rows} rows held {steps} distinct steps of {stepColumn}; rows of the same step were merged (the later value wins)");
        }

        if (_nonFinite > 0)
        {
            notes.Add($"{_nonFinite} infinite metric value{(_nonFinite == 1 ? " was" : "s were")} left out: Tracker stores finite numbers only");
        }

        if (_textColumns.Count > 0)
        {
            notes.Add($"text cells left out (not numbers) in {string.Join(", ", _textColumns.Take(5))}{(_textColumns.Count > 5 ? $" and {_textColumns.Count - 5} more columns" : "")}");
        }

        return notes;
    }
}
