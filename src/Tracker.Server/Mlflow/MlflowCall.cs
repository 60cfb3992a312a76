namespace Tracker.Server.Mlflow;

/// <summary>Endpoint metadata of every MLflow-compatible call: which MLflow call it is and whether it writes, so access
/// rules can tell reads from writes without parsing routes.</summary>
public sealed record MlflowCall(string Name, bool Writes);
