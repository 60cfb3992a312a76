using System.Net;

namespace Tracker.Client.Retry;

/// <summary>One try that failed and will be retried: the HTTP status, or the network error when there was no answer,
/// and the wait chosen before the next try.</summary>
public sealed record FailedAttempt(int Attempt, HttpStatusCode? Status, Exception? Error, TimeSpan Delay);
