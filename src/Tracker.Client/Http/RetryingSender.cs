using System.Runtime.ExceptionServices;
using Tracker.Client.Retry;

namespace Tracker.Client.Http;

/// <summary>Sends a request until it succeeds, fails for good, or the policy's tries run out. Each try builds a fresh
/// request because a sent <see cref="HttpRequestMessage"/> cannot be sent again.</summary>
internal sealed class RetryingSender(HttpClient http, TimeProvider time)
{
    /// <summary>Returns a 2xx response (the caller disposes it). Throws <see cref="TrackerApiException"/> for an error
    /// answer, or the last network error (<see cref="HttpRequestException"/>, or <see cref="TaskCanceledException"/>
    /// for the client's timeout) when the tries ran out without any answer.</summary>
    public async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> build,
        RetryPolicy policy,
        Action<FailedAttempt>? onFailedAttempt,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage? response = null;
            ExceptionDispatchInfo? error = null;
            using (var request = build())
            {
                try
                {
                    response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
                }
                catch (HttpRequestException ex)
                {
                    error = ExceptionDispatchInfo.Capture(ex);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // HttpClient.Timeout: the server may still commit the request; a retry is answered as a duplicate.
                    error = ExceptionDispatchInfo.Capture(ex);
                }
            }

            if (response is { IsSuccessStatusCode: true })
            {
                return response;
            }

            var retryable = response is null || policy.IsRetryable(response.StatusCode);
            if (!retryable || attempt >= policy.MaxAttempts)
            {
                if (response is null)
                {
                    error!.Throw();
                }

                using (response)
                {
                    throw await ProblemReader.ReadAsync(response, retryable, cancellationToken);
                }
            }

            var retryAfter = response is null ? null : RetryAfter.From(response.Headers.RetryAfter, time.GetUtcNow());
            var delay = policy.DelayBefore(attempt, retryAfter);
            onFailedAttempt?.Invoke(new FailedAttempt(attempt, response?.StatusCode, error?.SourceException, delay));
            response?.Dispose();
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }

    public static bool IsTransient(Exception error) => error switch
    {
        TrackerApiException api => api.IsTransient,
        HttpRequestException => true,
        TimeoutException => true,
        OperationCanceledException { InnerException: TimeoutException } => true,
        _ => false,
    };
}
