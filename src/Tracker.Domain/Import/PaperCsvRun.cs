using System.Globalization;

namespace Tracker.Domain.Import;

/// <summary>One training run of a paper CSV: the rows of one (model_params, runid, slice_factor), one per step
/// (the last row of a repeated step wins, as in the paper's deduplication), in step order.</summary>
public sealed record PaperCsvRun(double ModelParams, string RunId, double SliceFactor, IReadOnlyList<PaperCsvRow> Rows)
{
    /// <summary>Run name in Tracker: <c>paper-{size}-{runid}</c>, with <c>-tau{τ}</c> for a data-reuse run.</summary>
    public string Name => RunName(ModelParams, RunId, SliceFactor);

    public static string RunName(double modelParams, string runId, double sliceFactor) =>
        $"paper-{SizeLabel(modelParams)}-{runId}" + (sliceFactor > 0 ? "-tau" + sliceFactor.ToString("G", CultureInfo.InvariantCulture) : "");

    /// <summary>7e9 → "7B", 0.5e9 → "0.5B" (as Qwen2.5 names it), 70e6 → "70M".</summary>
    public static string SizeLabel(double n) =>
        n >= 1e8 ? (n / 1e9).ToString("G4", CultureInfo.InvariantCulture) + "B"
        : n >= 1e6 ? (n / 1e6).ToString("G4", CultureInfo.InvariantCulture) + "M"
        : n.ToString("G4", CultureInfo.InvariantCulture);
}
