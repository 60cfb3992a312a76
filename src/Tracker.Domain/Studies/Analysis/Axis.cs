namespace Tracker.Domain.Studies.Analysis;

/// <summary>The two scaling axes: X = C (compute, FLOPs) or X = D (data, prompts).</summary>
public static class Axis
{
    public const string Compute = "compute";
    public const string Data = "data";

    public static readonly string[] All = [Compute, Data];

    public static bool IsValid(string? axis) => axis is Compute or Data;
}
