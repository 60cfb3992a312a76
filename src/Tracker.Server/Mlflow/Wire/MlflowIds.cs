using System.Buffers.Binary;
using System.Globalization;
using Tracker.Domain.Identity;

namespace Tracker.Server.Mlflow.Wire;

/// <summary>MLflow ids of Tracker's runs and studies. A run id is the run's Guid as 32 lowercase hex digits. An experiment
/// id is a decimal number derived from the study name, so every node gives a study the same id without storing it;
/// MLflow's default experiment "0" is the study "Default".</summary>
public static class MlflowIds
{
    public const string DefaultExperimentId = "0";
    public const string DefaultExperimentName = "Default";

    public static string RunId(Guid runId) => runId.ToString("N");

    /// <summary>Reads a run id as MLflow writes it (32 hex digits) or as Tracker's native API does (a dashed uuid).</summary>
    public static bool TryParseRunId(string? text, out Guid runId)
    {
        runId = Guid.Empty;
        return text is { Length: 32 } && Guid.TryParseExact(text, "N", out runId)
            || text is { Length: 36 } && Guid.TryParseExact(text, "D", out runId);
    }

    public static string ExperimentId(string study)
    {
        if (study == DefaultExperimentName)
        {
            return DefaultExperimentId;
        }

        Span<byte> bytes = stackalloc byte[16];
        DeterministicGuid.ForStudy(study).TryWriteBytes(bytes, bigEndian: true, out _);
        // 53 bits: a positive number that survives a round trip through a JavaScript double; never 0.
        var id = (BinaryPrimitives.ReadUInt64BigEndian(bytes) >> 11) | 1UL;
        return id.ToString(CultureInfo.InvariantCulture);
    }

    public static string ArtifactLocation(string experimentId) => $"mlflow-artifacts:/{experimentId}";

    public static string ArtifactUri(string experimentId, Guid runId) => $"mlflow-artifacts:/{experimentId}/{RunId(runId)}/artifacts";
}
