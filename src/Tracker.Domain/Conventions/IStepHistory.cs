namespace Tracker.Domain.Conventions;

/// <summary>What a run has stored, as far as turning new metric points into steps and evaluations needs to know.</summary>
public interface IStepHistory
{
    bool TryGetStep(long step, out ulong fingerprint);

    bool TryGetEvaluation(long step, string dataset, out ulong fingerprint);

    /// <summary>The stored step just before <paramref name="step"/> and the tokens of all stored steps up to it.</summary>
    (long? Step, double Tokens) StepsBefore(long step);
}
