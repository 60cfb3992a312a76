using System.Globalization;
using System.Text.Json;
using Tracker.Contracts.Runs;

namespace Tracker.Web.History;

/// <summary>The history table's cells: where an event came from and when the job said it happened.</summary>
public static class HistoryText
{
    public static string Header(RunEventView e, string name)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Headers.TryGetValue(name, out var value) && value.Length > 0 ? value : "—";
    }

    /// <summary>The job's own time of the event, when it sent one: a batch's latest step time (summarised on the
    /// server as <c>lastTime</c>), else a <c>time</c> member of the data. The store's ingestion time is a column of its own.</summary>
    public static DateTimeOffset? EventTime(RunEventView e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Data.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in new[] { "lastTime", "time" })
        {
            if (e.Data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var time))
            {
                return time;
            }
        }

        return null;
    }

    /// <summary>The ingestion time to the microsecond the store keeps: the order in which events were stored.</summary>
    public static string Ingested(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    /// <summary>A stream id short enough for a table cell; the full id is in the cell's title.</summary>
    public static string ShortId(Guid? id) => id is { } g ? g.ToString("N")[..8] : "—";
}
