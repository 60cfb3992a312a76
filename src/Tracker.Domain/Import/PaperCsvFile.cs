namespace Tracker.Domain.Import;

/// <summary>A parsed paper CSV. Usable only when <see cref="IsValid"/>: a file with any bad row is rejected whole.</summary>
/// <param name="Runs">Runs ordered by N, run id and τ.</param>
/// <param name="Rows">Data rows read (blank lines not counted).</param>
/// <param name="SupersededRows">Rows replaced by a later row of the same run and step.</param>
/// <param name="Errors">The first errors, in file order (at most the limit given to the parser).</param>
/// <param name="ErrorCount">All errors found, including those not listed.</param>
public sealed record PaperCsvFile(
    IReadOnlyList<PaperCsvRun> Runs,
    int Rows,
    int SupersededRows,
    IReadOnlyList<PaperCsvError> Errors,
    int ErrorCount)
{
    public bool IsValid => ErrorCount == 0;
}
