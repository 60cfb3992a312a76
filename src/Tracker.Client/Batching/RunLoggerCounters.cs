namespace Tracker.Client.Batching;

/// <summary>What became of the entries given to a <see cref="RunLogger"/>; every logged entry ends in exactly one of
/// Sent, Dropped or Rejected, or is still Pending.</summary>
/// <param name="Logged">Entries given to Log and LogEvaluation.</param>
/// <param name="Sent">Entries the server acknowledged as stored, new or duplicate.</param>
/// <param name="Duplicates">Of those sent, the ones the server already had (a retry whose first answer was lost).</param>
/// <param name="Dropped">Entries lost without a server verdict: pushed out of a full buffer, or unsent at dispose.</param>
/// <param name="Rejected">Entries the server (or the logger, before sending) refused as invalid or conflicting.</param>
/// <param name="Sanitized">Steps sent without some numbers the server would refuse (NaN, ±Infinity, negative counts).</param>
/// <param name="FailedAttempts">Requests that failed for a transient reason and were retried.</param>
public readonly record struct RunLoggerCounters(
    long Logged,
    long Sent,
    long Duplicates,
    long Dropped,
    long Rejected,
    long Sanitized,
    long FailedAttempts)
{
    public long Pending => Logged - Sent - Dropped - Rejected;
}
