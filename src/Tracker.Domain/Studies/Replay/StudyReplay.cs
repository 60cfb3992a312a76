using Tracker.Contracts.Studies;
using Tracker.Domain.Runs;
using Tracker.Domain.Studies.Analysis;
using Tracker.Domain.Studies.Curves;

namespace Tracker.Domain.Studies.Replay;

/// <summary>Folds a study's events (its own stream and its runs', in global sequence order) into what the server's
/// projections hold for it (run curves, the loss mapping, the recorded fits) and derives the dataset with the server's
/// own <see cref="ScalingDataset"/>. Offline replay of a bundle uses it; an event the server's dataset depends on must
/// be folded here too, through the same fold as its projection.</summary>
public sealed class StudyReplay(string study)
{
    /// <summary>The loss dataset of a study whose mapping was never changed (the study summary's default).</summary>
    public const string DefaultLossDataset = "holdout";

    /// <summary>The event types this replay folds, by CLR name (what a bundle's <c>clrType</c> holds); others are skipped.</summary>
    public static readonly IReadOnlyDictionary<string, Type> EventTypes = new[]
    {
        typeof(RunRegistered), typeof(StepsLogged), typeof(EvaluationsRecorded), typeof(RunFinished), typeof(ScalingVariablesMapped), typeof(FitComputed),
        typeof(RunSpecDerived),
    }.Concat(RunCorrections.EventTypes).ToDictionary(t => t.Name, StringComparer.Ordinal);

    private readonly Dictionary<Guid, RunCurve> _curves = [];
    private readonly List<RecordedFit> _fits = [];

    public string Study { get; } = study;

    public string LossDataset { get; private set; } = DefaultLossDataset;

    public long MappingSequence { get; private set; }

    /// <summary>Events folded (every event handed to <see cref="Apply"/>).</summary>
    public long Events { get; private set; }

    public IReadOnlyCollection<RunCurve> Curves => _curves.Values;

    /// <summary>The fits the server recorded (FitComputed), in the order it recorded them.</summary>
    public IReadOnlyList<RecordedFit> RecordedFits => _fits;

    /// <summary>The last event sequence the dataset reflects, as the server computes it for a live fit.</summary>
    public long HighWaterMark => Math.Max(MappingSequence, _curves.Count == 0 ? 0 : _curves.Values.Max(c => c.LastSequence));

    public void Apply(object data, long sequence, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(data);
        Events++;
        switch (data)
        {
            case RunRegistered e when e.Study == Study:
                _curves[e.RunId] = RunCurveFold.Create(e, sequence);
                break;
            case StepsLogged e when _curves.TryGetValue(e.RunId, out var curve):
                RunCurveFold.Apply(curve, e, sequence);
                break;
            case EvaluationsRecorded e when _curves.TryGetValue(e.RunId, out var curve):
                RunCurveFold.Apply(curve, e, sequence);
                break;
            case RunFinished e when _curves.TryGetValue(e.RunId, out var curve):
                RunCurveFold.Apply(curve, e, sequence);
                break;
            case RunSpecDerived e when _curves.TryGetValue(e.RunId, out var curve):
                RunCurveFold.Apply(curve, e, sequence);
                break;
            case IRunCorrection e when _curves.TryGetValue(e.RunId, out var curve):
                RunCurveFold.Apply(curve, e, sequence);
                break;
            case ScalingVariablesMapped e when e.Study == Study:
                LossDataset = e.LossDataset;
                MappingSequence = sequence;
                break;
            case FitComputed e when e.Study == Study:
                _fits.Add(new RecordedFit(sequence, timestamp, e.Fit));
                break;
        }
    }

    /// <summary>The scaling points, exactly as the server's dataset endpoint derives them.</summary>
    public List<ScalingPointView> Points() => ScalingDataset.Build(_curves.Values, LossDataset);

    /// <summary>The fit on one axis of these points as the server's live fit endpoint computes it.</summary>
    public FitView Fit(string axis, IReadOnlyList<ScalingPointView> points, DateTimeOffset computedAt) => StudyAnalysis.Fit(Study, axis, points, HighWaterMark, computedAt);
}

/// <summary>A fit the server recorded (FitComputed): when, at which event, and the fit as it was shown.</summary>
public sealed record RecordedFit(long Sequence, DateTimeOffset RecordedAt, FitView Fit);
