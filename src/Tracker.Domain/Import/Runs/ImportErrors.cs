using Tracker.Domain.Validation;

namespace Tracker.Domain.Import.Runs;

/// <summary>Collects what is wrong with an imported file: keeps the first errors in file order and counts them all,
/// so a badly broken file gives a short answer that still says how much is wrong.</summary>
public sealed class ImportErrors(int max = ImportErrors.DefaultMax)
{
    public const int DefaultMax = 20;

    private readonly List<ValidationError> _listed = [];

    public int Count { get; private set; }

    public IReadOnlyList<ValidationError> Listed => _listed;

    public void Add(string where, string message)
    {
        Count++;
        if (_listed.Count < max)
        {
            _listed.Add(new ValidationError(where, message));
        }
    }
}

/// <summary>A file read for import: the runs it holds when it is valid, else the first errors and their count.
/// <see cref="Notes"/> says what was read but not kept (non-numeric cells, NaN values) and why.</summary>
public sealed record SourceFile(
    IReadOnlyList<SourceRun> Runs,
    IReadOnlyList<ValidationError> Errors,
    int ErrorCount,
    IReadOnlyList<string> Notes)
{
    public bool IsValid => ErrorCount == 0;

    public static SourceFile Invalid(ImportErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return new SourceFile([], errors.Listed, errors.Count, []);
    }
}
