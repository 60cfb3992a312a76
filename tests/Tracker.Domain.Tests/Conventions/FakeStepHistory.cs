using Tracker.Contracts.Runs;
using Tracker.Domain.Conventions;
using Tracker.Domain.Runs;

namespace Tracker.Domain.Tests.Conventions;

/// <summary>A run's stored steps and evaluations, as the ledger would hold them after each translation is stored.</summary>
internal sealed class FakeStepHistory : IStepHistory
{
    private readonly SortedList<long, StepData> _steps = [];
    private readonly Dictionary<(long, string), EvaluationData> _evaluations = [];

    public IReadOnlyCollection<StepData> Steps => _steps.Values.ToList();

    public IReadOnlyCollection<EvaluationData> Evaluations => _evaluations.Values;

    public void Store(MetricTranslation translation)
    {
        foreach (var step in translation.Steps)
        {
            _steps.Add(step.Step, step);
        }

        foreach (var evaluation in translation.Evaluations)
        {
            _evaluations.Add((evaluation.Step, evaluation.Dataset), evaluation);
        }
    }

    public bool TryGetStep(long step, out ulong fingerprint)
    {
        var found = _steps.TryGetValue(step, out var data);
        fingerprint = found ? Fingerprint.Of(data!) : 0;
        return found;
    }

    public bool TryGetEvaluation(long step, string dataset, out ulong fingerprint)
    {
        var found = _evaluations.TryGetValue((step, dataset), out var data);
        fingerprint = found ? Fingerprint.Of(data!) : 0;
        return found;
    }

    public (long? Step, double Tokens) StepsBefore(long step)
    {
        var before = _steps.Values.Where(s => s.Step < step).ToList();
        return (before.Count == 0 ? null : before[^1].Step, before.Sum(s => s.Tokens ?? 0));
    }
}
