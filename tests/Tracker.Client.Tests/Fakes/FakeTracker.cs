using System.Net;
using Tracker.Contracts.Runs;

namespace Tracker.Client.Tests.Fakes;

/// <summary>A <see cref="FakeHandler"/> that, once its script is used up, acknowledges every step and evaluation
/// batch as new and remembers what it acknowledged, in order.</summary>
public sealed class FakeTracker
{
    private readonly Lock _lock = new();
    private readonly List<IReadOnlyList<long>> _stepBatches = [];
    private readonly List<IReadOnlyList<long>> _evaluationBatches = [];

    public FakeTracker()
    {
        Handler.Otherwise(Acknowledge);
    }

    public FakeHandler Handler { get; } = new();

    /// <summary>Answers a request before the acknowledgement, or lets it through with null.</summary>
    public Func<SentRequest, HttpResponseMessage?>? Intercept { get; set; }

    public IReadOnlyList<IReadOnlyList<long>> StepBatches
    {
        get
        {
            lock (_lock)
            {
                return [.. _stepBatches];
            }
        }
    }

    public IReadOnlyList<IReadOnlyList<long>> EvaluationBatches
    {
        get
        {
            lock (_lock)
            {
                return [.. _evaluationBatches];
            }
        }
    }

    public IReadOnlyList<long> StoredSteps => [.. StepBatches.SelectMany(b => b)];

    public TrackerClient Client(TimeProvider time) => new(Handler.Client(), new TrackerClientOptions { TimeProvider = time });

    public static IReadOnlyList<long> StepsOf(SentRequest request) =>
        request.Json.TryGetProperty("steps", out var steps) ? [.. steps.EnumerateArray().Select(s => s.GetProperty("step").GetInt64())] : [];

    /// <summary>The answer given once the script is used up; scripted replies may delegate to it.</summary>
    public HttpResponseMessage Acknowledge(SentRequest request)
    {
        if (Intercept?.Invoke(request) is { } answer)
        {
            return answer;
        }

        var path = request.Uri.AbsolutePath;
        var runId = Guid.Parse(path.Split('/')[4]);
        var property = path.EndsWith("/steps", StringComparison.Ordinal) ? "steps" : "evaluations";
        var items = request.Json.GetProperty(property).EnumerateArray().Select(s => s.GetProperty("step").GetInt64()).ToList();
        lock (_lock)
        {
            (property == "steps" ? _stepBatches : _evaluationBatches).Add(items);
        }

        return FakeHandler.Json(HttpStatusCode.OK, new IngestResult(runId, items.Count, 0));
    }
}
