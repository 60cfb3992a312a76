using Tracker.Contracts.Runs;
using Tracker.Domain.Conventions;

namespace Tracker.Domain.Runs;

/// <summary>What a tracking-client run (MLflow API) needs to decide its next request: its parameters (write-once),
/// tags, the metric batches already stored (a retried request is a duplicate), the spec in force, and the tokens of
/// its stored steps (to turn running token totals into per-step counts). Native runs leave all of it empty.</summary>
public sealed partial class RunLedger : IStepHistory
{
    private Dictionary<string, string>? _params;
    private Dictionary<string, string>? _tags;
    private HashSet<ulong>? _metricBatches;
    private SortedList<long, double>? _stepTokens;

    public IReadOnlyDictionary<string, string> Params => _params ?? (IReadOnlyDictionary<string, string>)EmptyStrings;

    public IReadOnlyDictionary<string, string> Tags => _tags ?? Registration?.Tags ?? EmptyStrings;

    public ModelSpec Model { get; private set; } = new();

    public TrainingSpec Training { get; private set; } = new();

    /// <summary>Whether the run was registered through a tracking-client API (its steps' tokens are kept).</summary>
    public bool IsTrackingClientRun { get; private set; }

    private static readonly Dictionary<string, string> EmptyStrings = [];

    public bool HasMetricBatch(ulong fingerprint) => _metricBatches?.Contains(fingerprint) ?? false;

    /// <summary>The stored step just before <paramref name="step"/> and the tokens of all stored steps up to it.</summary>
    public (long? Step, double Tokens) StepsBefore(long step)
    {
        if (_stepTokens is null)
        {
            return (null, 0);
        }

        long? previous = null;
        var tokens = 0.0;
        foreach (var (s, t) in _stepTokens)
        {
            if (s >= step)
            {
                break;
            }

            previous = s;
            tokens += t;
        }

        return (previous, tokens);
    }

    private void ApplyTrackingClientEvent(object @event)
    {
        switch (@event)
        {
            case RunRegistered registered:
                Model = registered.Model;
                Training = registered.Training;
                IsTrackingClientRun = TrackingClientRun.IsTrackingClientConfig(registered.Config);
                break;
            case RunParamsLogged logged:
                _params ??= new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (key, value) in logged.Params)
                {
                    _params[key] = value;
                }

                break;
            case RunTagged tagged:
                _tags ??= new Dictionary<string, string>(Registration?.Tags ?? EmptyStrings, StringComparer.Ordinal);
                foreach (var (key, value) in tagged.Tags)
                {
                    _tags[key] = value;
                }

                break;
            case MetricsLogged metrics:
                (_metricBatches ??= []).Add(MetricBatchFingerprint.Of(metrics.Points));
                break;
            case RunSpecDerived derived:
                Model = derived.Model;
                Training = derived.Training;
                break;
            case StepsLogged steps when IsTrackingClientRun:
                _stepTokens ??= [];
                foreach (var step in steps.Steps)
                {
                    _stepTokens[step.Step] = step.Tokens ?? 0;
                }

                break;
        }
    }
}
