using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Tracker.Client.Tests.Fakes;

/// <summary>Stands in for the network: answers each request with the next scripted reply and records what was sent.</summary>
public sealed class FakeHandler : HttpMessageHandler
{
    private readonly Lock _lock = new();
    private readonly Queue<Func<SentRequest, Task<HttpResponseMessage>>> _script = new();
    private readonly List<SentRequest> _requests = [];
    private int _inFlight;
    private Func<SentRequest, Task<HttpResponseMessage>> _fallback = _ => Task.FromResult(Json(HttpStatusCode.OK, new { }));
    private TaskCompletionSource _received = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<SentRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public FakeHandler ThenAsync(Func<SentRequest, Task<HttpResponseMessage>> reply)
    {
        lock (_lock)
        {
            _script.Enqueue(reply);
        }

        return this;
    }

    public FakeHandler Then(Func<SentRequest, HttpResponseMessage> reply) => ThenAsync(r => Task.FromResult(reply(r)));

    public FakeHandler Then(HttpStatusCode status, object? body = null) => Then(_ => Json(status, body ?? new { }));

    public FakeHandler ThenNetworkError() => ThenThrow(new HttpRequestException("connection refused"));

    public FakeHandler ThenThrow(Exception error) => ThenAsync(_ => Task.FromException<HttpResponseMessage>(error));

    public FakeHandler OtherwiseThrow(Exception error) => OtherwiseAsync(_ => Task.FromException<HttpResponseMessage>(error));

    /// <summary>The reply once the script is used up.</summary>
    public FakeHandler Otherwise(Func<SentRequest, HttpResponseMessage> reply)
    {
        _fallback = r => Task.FromResult(reply(r));
        return this;
    }

    public FakeHandler OtherwiseAsync(Func<SentRequest, Task<HttpResponseMessage>> reply)
    {
        _fallback = reply;
        return this;
    }

    /// <summary>Waits (in real time, at most 10 s) until at least <paramref name="count"/> requests have arrived.</summary>
    public async Task WaitForRequestsAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            Task received;
            lock (_lock)
            {
                received = _received.Task;
                if (_requests.Count >= count)
                {
                    break;
                }
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"expected {count} requests, got {Requests.Count}");
            }

            await received.WaitAsync(left).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        // A request is counted when it arrives, before its reply has run: give replies in flight (recording what was
        // stored) a moment to finish, so callers see their effects; a reply a test holds back on purpose just delays us.
        var settle = DateTime.UtcNow.AddSeconds(1);
        while (Volatile.Read(ref _inFlight) > 0 && DateTime.UtcNow < settle)
        {
            await Task.Delay(1);
        }
    }

    public HttpClient Client(string baseAddress = "http://tracker.test/") => new(this) { BaseAddress = new Uri(baseAddress) };

    public static HttpResponseMessage Json(HttpStatusCode status, object body) =>
        new(status) { Content = new StringContent(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Problem(HttpStatusCode status, string title, string detail, object? errors = null)
    {
        var body = JsonSerializer.Serialize(new { type = "https://tools.ietf.org/html/rfc9110", title, status = (int)status, detail, errors }, JsonSerializerOptions.Web);
        return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/problem+json") };
    }

    public static HttpResponseMessage RetryAfter(HttpStatusCode status, RetryConditionHeaderValue retryAfter)
    {
        var response = Problem(status, "Busy", "try later");
        response.Headers.RetryAfter = retryAfter;
        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var sent = new SentRequest(
            request.Method,
            request.RequestUri!,
            body,
            request.Content?.Headers.ContentType?.MediaType,
            request.Headers.TryGetValues("X-Tracker-Client", out var client) ? client.Single() : null);
        Func<SentRequest, Task<HttpResponseMessage>> reply;
        lock (_lock)
        {
            _requests.Add(sent);
            reply = _script.Count > 0 ? _script.Dequeue() : _fallback;
        }

        Interlocked.Increment(ref _inFlight);
        Interlocked.Exchange(ref _received, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        try
        {
            return await reply(sent);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}

public sealed record SentRequest(HttpMethod Method, Uri Uri, string? Body, string? ContentType, string? TrackerClient)
{
    public JsonElement Json => JsonDocument.Parse(Body!).RootElement;
}
