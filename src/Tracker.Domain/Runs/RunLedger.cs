using Tracker.Contracts.Runs;

namespace Tracker.Domain.Runs;

/// <summary>The write side of a run: what is stored, as fingerprints, so that a command can be decided without
/// reading the stream again. Folded from the run's events; <see cref="Version"/> is the stream version it reflects.</summary>
public sealed partial class RunLedger
{
    private readonly Dictionary<long, ulong> _steps = [];
    private readonly Dictionary<(long Step, string Dataset), ulong> _evaluations = [];
    private HashSet<(long Step, string Dataset)>? _invalidated;

    public RunLedger(Guid runId) => RunId = runId;

    public Guid RunId { get; }

    public long Version { get; private set; }

    public RunRegistered? Registration { get; private set; }

    public RunStatus Status { get; private set; } = RunStatus.Running;

    public int StepCount => _steps.Count;

    /// <summary>N in force: as registered, then as last corrected.</summary>
    public double? ModelSize { get; private set; }

    public bool ExcludedFromFits { get; private set; }

    /// <summary>Head of the run's hash chain: the hash of the event at <see cref="HashVersion"/>. Hashes travel in event
    /// headers, not in the data folded by <see cref="Apply"/>, so a ledger caught up from the stream is behind here
    /// (<see cref="HashVersion"/> &lt; <see cref="Version"/>) until the writer reads the head once.</summary>
    public string? LastHash { get; private set; }

    public long HashVersion { get; private set; }

    public bool KnowsHead => HashVersion == Version;

    public bool TryGetStep(long step, out ulong fingerprint) => _steps.TryGetValue(step, out fingerprint);

    public bool TryGetEvaluation(long step, string dataset, out ulong fingerprint) =>
        _evaluations.TryGetValue((step, dataset), out fingerprint);

    public bool IsInvalidated(long step, string dataset) => _invalidated?.Contains((step, dataset)) ?? false;

    public void Apply(object @event, long version)
    {
        switch (@event)
        {
            case RunRegistered registered:
                Registration = registered;
                ModelSize = registered.Model.Parameters;
                break;
            case StepsLogged logged:
                foreach (var step in logged.Steps)
                {
                    _steps[step.Step] = Fingerprint.Of(step);
                }

                break;
            case EvaluationsRecorded recorded:
                foreach (var evaluation in recorded.Evaluations)
                {
                    _evaluations[(evaluation.Step, evaluation.Dataset)] = Fingerprint.Of(evaluation);
                }

                break;
            case RunFinished finished:
                Status = finished.Status;
                break;
            case EvaluationInvalidated invalidated:
                (_invalidated ??= []).Add((invalidated.Step, invalidated.Dataset));
                break;
            case RunExcludedFromFits:
                ExcludedFromFits = true;
                break;
            case RunReincluded:
                ExcludedFromFits = false;
                break;
            case ModelSizeCorrected corrected:
                ModelSize = corrected.To;
                break;
            case RunSpecDerived derived:
                // A tracking-client run's N comes from its parameters; a correction's "from" is the N in force.
                ModelSize = derived.Model.Parameters;
                break;
        }

        ApplyTrackingClientEvent(@event);
        Version = version;
    }

    /// <summary>Records the hash of the event at <paramref name="version"/> as the chain head.</summary>
    public void Chain(long version, string? hash)
    {
        HashVersion = version;
        LastHash = hash;
    }

    /// <summary>Applies events just committed at versions <c>fromVersion + 1 …</c>.</summary>
    public void ApplyAll(IEnumerable<object> events, long fromVersion)
    {
        foreach (var e in events)
        {
            Apply(e, ++fromVersion);
        }
    }
}
