using System.Diagnostics;

namespace Tracker.Server.Infrastructure.Observability;

/// <summary>Puts the request's correlation id (X-Correlation-Id, else the W3C trace id; the same id the events'
/// metadata records, see RequestOrigin) in a logging scope around the whole request, tags the request's activity with
/// it and echoes it in the response's X-Correlation-Id header.</summary>
public sealed class CorrelationMiddleware(RequestDelegate next, ILogger<CorrelationMiddleware> logger)
{
    public const string Header = "X-Correlation-Id";

    public async Task InvokeAsync(HttpContext http)
    {
        var id = CorrelationOf(http);
        Activity.Current?.SetTag("tracker.correlation_id", id);
        http.Response.Headers[Header] = id;
        using (logger.BeginScope(new CorrelationScope(id)))
        {
            await next(http);
        }
    }

    public static string CorrelationOf(HttpContext http) =>
        http.Request.Headers[Header].FirstOrDefault() is { Length: > 0 } given
            ? given.Length > 200 ? given[..200] : given
            : Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;

    /// <summary>A scope with one named value, written as <c>"CorrelationId": "…"</c> by the JSON console formatter.</summary>
    private sealed class CorrelationScope(string id) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public KeyValuePair<string, object?> this[int index] => index == 0 ? new("CorrelationId", id) : throw new ArgumentOutOfRangeException(nameof(index));

        public int Count => 1;

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => "CorrelationId:" + id;
    }
}
