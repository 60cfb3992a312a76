using Tracker.Contracts.Runs;

namespace Tracker.Cli.Simulate;

/// <summary>One simulated training run: what it registers, when it starts, how long a step takes, and what it
/// logs at each step (the step-0 evaluation comes before training, so its step data is null).</summary>
public sealed record SimulatedJob(
    string Study,
    RegisterRunRequest Registration,
    TimeSpan StartDelay,
    TimeSpan StepInterval,
    IReadOnlyList<SimulatedStep> Steps)
{
    public string Name => Registration.Name!;

    public TimeSpan Duration => StartDelay + (StepInterval * Math.Max(0, Steps.Count - 1));
}

public sealed record SimulatedStep(long Step, StepData? Data, EvaluationData Evaluation);
