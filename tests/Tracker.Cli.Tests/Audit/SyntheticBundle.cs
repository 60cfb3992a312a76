using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Tracker.Contracts.Audit;
using Tracker.Contracts.Messaging;
using Tracker.Contracts.Runs;
using Tracker.Domain.Audit;
using Tracker.Domain.Identity;
using Tracker.Domain.Runs;
using Tracker.Domain.Studies;
using Tracker.Scaling;

namespace Tracker.Cli.Tests.Audit;

/// <summary>Writes a valid bundle without a server, as the server's exporter would: the study stream, then every run's
/// registration, step batches and evaluations interleaved across runs (as concurrent jobs post them), each event with
/// its hash chained by the domain's <see cref="EventHash"/>, and the manifest with heads and anchor.</summary>
public static partial class SyntheticBundle
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly JsonSerializerOptions LineJson = new(JsonSerializerDefaults.Web);

    public static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    /// <param name="points">A sweep on the compute axis (X = cumulative C), e.g. from SyntheticSweep.</param>
    /// <param name="stepsPerEvent">Steps per StepsLogged event; each batch's evaluations follow it in one event.</param>
    /// <param name="evaluateEvery">Only steps that are multiples of this carry a held-out evaluation.</param>
    public static BundleManifest Write(string path, string study, IReadOnlyList<ScalingPoint> points, int stepsPerEvent = 1, int evaluateEvery = 1)
    {
        using var writer = new Writer(path, study);
        var studyId = DeterministicGuid.ForStudy(study);
        writer.Append(studyId, new StudyCreated(studyId, study));
        var runs = points.GroupBy(p => p.RunId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Batches(study, g.OrderBy(p => p.Step).ToList(), stepsPerEvent, evaluateEvery)).ToList();
        foreach (var (id, registration, _) in runs)
        {
            writer.Append(id, registration);
        }

        // Round-robin over the runs, one batch at a time.
        var queues = runs.Select(r => new Queue<object>(r.Events)).ToList();
        while (queues.Any(q => q.Count > 0))
        {
            for (var i = 0; i < queues.Count; i++)
            {
                if (queues[i].TryDequeue(out var next))
                {
                    writer.Append(runs[i].Id, next);
                }
            }
        }

        return writer.Finish();
    }

    private static (Guid Id, RunRegistered Registration, List<object> Events) Batches(string study, List<ScalingPoint> run, int stepsPerEvent, int evaluateEvery)
    {
        var name = run[0].RunId;
        var id = DeterministicGuid.ForRun(study, name);
        var n = run[0].N;
        var registration = new RunRegistered(id, study, name, new ModelSpec("Qwen2.5", n, "base"), new TrainingSpec(512, 8, null), null,
            new Dictionary<string, string> { ["sweep"] = study }, new CommandOrigin("tests", "localhost"));
        var events = new List<object>();
        var previousX = 0.0;
        foreach (var batch in run.Chunk(stepsPerEvent))
        {
            var steps = new List<StepData>();
            foreach (var p in batch.Where(p => p.Step > 0))
            {
                steps.Add(new StepData(p.Step, Reward: p.Reward, Tokens: (p.X - previousX) / (6 * n)));
                previousX = p.X;
            }

            if (steps.Count > 0)
            {
                events.Add(new StepsLogged(id, steps));
            }

            var evaluations = batch.Where(p => p.Step % evaluateEvery == 0).Select(p => new EvaluationData(p.Step, "holdout", Math.Clamp(1 - p.L, 0, 1), 500)).ToList();
            if (evaluations.Count > 0)
            {
                events.Add(new EvaluationsRecorded(id, evaluations));
            }
        }

        events.Add(new RunFinished(id, RunStatus.Completed, null));
        return (id, registration, events);
    }

    /// <summary>The store's name of an event type: Marten's default, the CLR name in snake case.</summary>
    public static string StoredName(Type type) => CapitalInside().Replace(type.Name, "_$1").ToLowerInvariant();

    [GeneratedRegex("(?<=[a-z0-9])([A-Z])")]
    private static partial Regex CapitalInside();

    private sealed class Writer : IDisposable
    {
        private readonly FileStream _file;
        private readonly string _study;
        private readonly Dictionary<Guid, StreamChain> _chains = [];
        private readonly Dictionary<Guid, string?> _previous = [];
        private readonly SortedDictionary<string, long> _byType = new(StringComparer.Ordinal);
        private long _sequence;

        public Writer(string path, string study)
        {
            _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            _study = study;
            Line(new BundleHeader("bundle", BundleFormat.Name, study, Start.AddDays(1), "tests/1"));
        }

        public void Append(Guid stream, object data)
        {
            var sequence = ++_sequence;
            if (!_chains.TryGetValue(stream, out var chain))
            {
                _chains[stream] = chain = new StreamChain(stream);
            }

            var version = chain.Version + 1;
            var type = StoredName(data.GetType());
            var timestamp = EventHash.AtStorePrecision(Start.AddTicks(sequence * 10_017));
            var metadata = new AuditMetadata(Guid.NewGuid().ToString("N"), null, null, new Dictionary<string, string> { ["client"] = "tests", ["host"] = "localhost" });
            using var json = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(data, data.GetType(), Json));
            var hash = EventHash.Compute(_previous.GetValueOrDefault(stream), stream, version, type, timestamp, json.RootElement, metadata);
            _previous[stream] = hash;
            chain.Add(version, sequence, type, timestamp, json.RootElement, metadata, hash);
            _byType[type] = _byType.GetValueOrDefault(type) + 1;
            var headers = new Dictionary<string, string>(metadata.Headers!) { [EventHash.HeaderKey] = hash };
            Line(new BundleEvent("event", Guid.NewGuid(), stream, version, sequence, type, data.GetType().Name, timestamp,
                metadata.CorrelationId, null, null, headers, json.RootElement, hash));
        }

        public BundleManifest Finish()
        {
            var heads = _chains.Values.Select(c => c.ToHead()).OrderBy(h => h.StreamId.ToString("D"), StringComparer.Ordinal).ToList();
            var manifest = new BundleManifest("manifest", BundleFormat.Name, _study, "tests/1", _sequence, _chains.Count, _byType, 1, _sequence, heads, EventHash.Anchor(heads), true, 0);
            Line(manifest);
            return manifest;
        }

        public void Dispose() => _file.Dispose();

        private void Line<T>(T value)
        {
            _file.Write(JsonSerializer.SerializeToUtf8Bytes(value, LineJson));
            _file.Write("\n"u8);
        }
    }
}
