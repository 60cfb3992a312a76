using System.Net.Http.Json;
using Tracker.Client.Http;
using Tracker.Client.Retry;
using Tracker.Contracts.Runs;
using Tracker.Contracts.Studies;

namespace Tracker.Client;

/// <summary>Typed client for Tracker's HTTP API v1. A returned write means the data is durable on the server.
/// Every call is retried on network errors, 408, 429 (after the server's Retry-After) and 502/503/504, which is safe
/// because every write is idempotent; any other error answer is thrown at once as a <see cref="TrackerApiException"/>.</summary>
public sealed class TrackerClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri _base;
    private readonly RetryingSender _sender;

    /// <param name="http">Its <see cref="HttpClient.BaseAddress"/> is the server root, for example http://127.0.0.1:5080/.</param>
    public TrackerClient(HttpClient http, TrackerClientOptions? options = null)
        : this(http, options, ownsHttp: false)
    {
    }

    private TrackerClient(HttpClient http, TrackerClientOptions? options, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(http);
        var baseAddress = http.BaseAddress ?? throw new ArgumentException("the HttpClient needs a BaseAddress (the Tracker server root)", nameof(http));
        _http = http;
        _ownsHttp = ownsHttp;
        // Relative paths would replace a base's last segment unless it ends with a slash (…/tracker → …/api).
        _base = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        Options = options ?? new TrackerClientOptions();
        _sender = new RetryingSender(http, Options.TimeProvider);
    }

    public TrackerClientOptions Options { get; }

    /// <summary>A client with its own <see cref="HttpClient"/>, disposed with it. In an app with dependency injection
    /// prefer a typed client from IHttpClientFactory and the public constructor.</summary>
    public static TrackerClient Create(Uri baseAddress, TrackerClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(100) };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("Tracker.Client/1.0");
        return new TrackerClient(http, options, ownsHttp: true);
    }

    /// <summary><c>POST /api/v1/runs</c>. Set <see cref="RegisterRunRequest.RunId"/> to choose the id; without it the
    /// server derives one from study and name. Registering the same body again is fine; another body under the same
    /// id is a 409.</summary>
    public Task<RunSummaryView> RegisterRunAsync(RegisterRunRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<RunSummaryView>(HttpMethod.Post, "api/v1/runs", request, Options.Retry, null, cancellationToken);

    /// <summary><c>POST /api/v1/runs/{runId}/steps</c>: at most 10,000 steps per call, in any order; steps already
    /// stored with the same values come back as duplicates.</summary>
    public Task<IngestResult> LogStepsAsync(Guid runId, IReadOnlyList<StepData> steps, CancellationToken cancellationToken = default) =>
        LogStepsAsync(runId, steps, Options.Retry, null, cancellationToken);

    /// <summary><c>POST /api/v1/runs/{runId}/evaluations</c>.</summary>
    public Task<IngestResult> RecordEvaluationsAsync(Guid runId, IReadOnlyList<EvaluationData> evaluations, CancellationToken cancellationToken = default) =>
        RecordEvaluationsAsync(runId, evaluations, Options.Retry, null, cancellationToken);

    /// <summary><c>POST /api/v1/runs/{runId}/finish</c> with status completed, failed or killed; the same status
    /// again is a no-op, another one a 409.</summary>
    public Task<RunSummaryView> FinishRunAsync(Guid runId, string status, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync<RunSummaryView>(HttpMethod.Post, $"api/v1/runs/{runId}/finish", new FinishRunRequest(status, reason), Options.Retry, null, cancellationToken);

    /// <summary><c>GET /api/v1/runs/{runId}</c>.</summary>
    public Task<RunSummaryView> GetRunAsync(Guid runId, CancellationToken cancellationToken = default) =>
        SendAsync<RunSummaryView>(HttpMethod.Get, $"api/v1/runs/{runId}", null, Options.Retry, null, cancellationToken);

    /// <summary><c>GET /api/v1/runs/{runId}/events</c>: one page; pass <see cref="EventPage{T}.NextFromVersion"/> as
    /// <paramref name="fromVersion"/> for the next (the server allows at most 1,000 per page).</summary>
    public Task<EventPage<RunEventView>> GetRunEventsAsync(Guid runId, long fromVersion = 1, int limit = 100, CancellationToken cancellationToken = default) =>
        SendAsync<EventPage<RunEventView>>(HttpMethod.Get, $"api/v1/runs/{runId}/events?fromVersion={fromVersion}&limit={limit}", null, Options.Retry, null, cancellationToken);

    /// <summary>Every event of the run in order, fetching page after page.</summary>
    public async IAsyncEnumerable<RunEventView> GetAllRunEventsAsync(
        Guid runId,
        int pageSize = 1_000,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long? next = 1;
        while (next is { } from)
        {
            var page = await GetRunEventsAsync(runId, from, pageSize, cancellationToken);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            next = page.NextFromVersion;
        }
    }

    /// <summary><c>GET /api/v1/studies</c>.</summary>
    public Task<IReadOnlyList<StudyView>> GetStudiesAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<StudyView>>(HttpMethod.Get, "api/v1/studies", null, Options.Retry, null, cancellationToken);

    /// <summary><c>GET /api/v1/studies/{study}</c>: the study and its runs.</summary>
    public Task<StudyDetailView> GetStudyAsync(string study, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(study);
        return SendAsync<StudyDetailView>(HttpMethod.Get, $"api/v1/studies/{Uri.EscapeDataString(study)}", null, Options.Retry, null, cancellationToken);
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    // The batching logger brings its own policy (retry until the outage ends) and counts the failed tries.
    internal Task<IngestResult> LogStepsAsync(Guid runId, IReadOnlyList<StepData> steps, RetryPolicy policy, Action<FailedAttempt>? onFailedAttempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        return SendAsync<IngestResult>(HttpMethod.Post, $"api/v1/runs/{runId}/steps", new LogStepsRequest(steps), policy, onFailedAttempt, cancellationToken);
    }

    internal Task<IngestResult> RecordEvaluationsAsync(Guid runId, IReadOnlyList<EvaluationData> evaluations, RetryPolicy policy, Action<FailedAttempt>? onFailedAttempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        return SendAsync<IngestResult>(HttpMethod.Post, $"api/v1/runs/{runId}/evaluations", new RecordEvaluationsRequest(evaluations), policy, onFailedAttempt, cancellationToken);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, RetryPolicy policy, Action<FailedAttempt>? onFailedAttempt, CancellationToken cancellationToken)
    {
        // Serialised once: every try sends the very same bytes, so the server sees a retry as a duplicate.
        var content = body is null ? null : System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), ApiJson.Options);
        var uri = new Uri(_base, path);
        using var response = await _sender.SendAsync(() => Build(method, uri, content), policy, onFailedAttempt, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, cancellationToken)
            ?? throw new TrackerApiException(response.StatusCode, "Empty answer", $"{method} {path} answered {(int)response.StatusCode} without a body");
    }

    private HttpRequestMessage Build(HttpMethod method, Uri uri, byte[]? content)
    {
        var request = new HttpRequestMessage(method, uri);
        if (content is not null)
        {
            request.Content = new ByteArrayContent(content);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        if (Options.ClientName is { Length: > 0 } client)
        {
            request.Headers.TryAddWithoutValidation("X-Tracker-Client", client);
        }

        if (Options.Token is { Length: > 0 } token)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        if (Options.Project is { Length: > 0 } project)
        {
            request.Headers.TryAddWithoutValidation("X-Tracker-Project", project);
        }

        return request;
    }
}
