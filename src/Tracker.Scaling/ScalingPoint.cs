namespace Tracker.Scaling;

/// <summary>One evaluation of one run: model size N, training step, axis value X (compute C or data D) and test loss L.</summary>
/// <param name="RunId">Run identifier; repeated runs of the same size have different ids.</param>
/// <param name="N">Nominal parameter count (exact value identifies the size).</param>
/// <param name="Step">Training step (0 = before training).</param>
/// <param name="X">Axis value: cumulative compute C [FLOPs] or data D [prompts].</param>
/// <param name="L">Test loss L = 1 − Pass@1, in (0, 1).</param>
/// <param name="Tau">Data-reuse factor (epochs over a unique subset), when known.</param>
/// <param name="Reward">Training reward at this step, when known.</param>
public sealed record ScalingPoint(string RunId, double N, int Step, double X, double L, double? Tau = null, double? Reward = null);
