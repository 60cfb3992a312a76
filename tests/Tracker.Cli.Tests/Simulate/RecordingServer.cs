using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tracker.Contracts.Runs;
using Tracker.Domain.Identity;

namespace Tracker.Cli.Tests.Simulate;

/// <summary>An in-memory stand-in for the server's run endpoints that records what each run was sent.</summary>
public sealed class RecordingServer : HttpMessageHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<Guid, RecordedRun> _runs = new();
    private readonly ConcurrentQueue<string> _registrationOrder = new();

    public IReadOnlyCollection<RecordedRun> Runs => [.. _runs.Values];

    /// <summary>"study/name" in the order registrations arrived.</summary>
    public IReadOnlyList<string> RegistrationOrder => [.. _registrationOrder];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath.TrimEnd('/').Split('/');
        if (request.Method == HttpMethod.Get && path[^1] == "studies")
        {
            return Answer(HttpStatusCode.OK, Array.Empty<object>());
        }

        if (path[^1] == "runs")
        {
            var body = (await request.Content!.ReadFromJsonAsync<RegisterRunRequest>(Json, cancellationToken))!;
            var runId = DeterministicGuid.ForRun(body.Study!, body.Name!);
            var run = _runs.GetOrAdd(runId, _ => new RecordedRun(runId, body));
            _registrationOrder.Enqueue(body.Study + "/" + body.Name);
            return Answer(HttpStatusCode.Created, Summary(run, "running"));
        }

        var recorded = _runs[Guid.Parse(path[^2])];
        switch (path[^1])
        {
            case "steps":
                var steps = (await request.Content!.ReadFromJsonAsync<LogStepsRequest>(Json, cancellationToken))!.Steps!;
                recorded.Steps.AddRange(steps);
                return Answer(HttpStatusCode.OK, new IngestResult(recorded.RunId, steps.Count, 0));
            case "evaluations":
                var evaluations = (await request.Content!.ReadFromJsonAsync<RecordEvaluationsRequest>(Json, cancellationToken))!.Evaluations!;
                recorded.Evaluations.AddRange(evaluations);
                return Answer(HttpStatusCode.OK, new IngestResult(recorded.RunId, evaluations.Count, 0));
            default:
                recorded.Status = (await request.Content!.ReadFromJsonAsync<FinishRunRequest>(Json, cancellationToken))!.Status;
                return Answer(HttpStatusCode.OK, Summary(recorded, recorded.Status!));
        }
    }

    private static RunSummaryView Summary(RecordedRun run, string status) =>
        new(run.RunId, run.Registration.Study!, run.Registration.Name!, run.Registration.Model!, run.Registration.Training!,
            run.Registration.Tags!, status, null, DateTimeOffset.UnixEpoch, null, 0, null, null, null, 0, 0, 0, null,
            new Dictionary<string, EvaluationData>(), []);

    private static HttpResponseMessage Answer<T>(HttpStatusCode status, T body) => new(status) { Content = JsonContent.Create(body, options: Json) };
}

public sealed class RecordedRun(Guid runId, RegisterRunRequest registration)
{
    public Guid RunId { get; } = runId;

    public RegisterRunRequest Registration { get; } = registration;

    // Written by one run's logger loop at a time.
    public List<StepData> Steps { get; } = [];

    public List<EvaluationData> Evaluations { get; } = [];

    public string? Status { get; set; }
}
