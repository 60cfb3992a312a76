namespace Tracker.Domain.Import;

/// <summary>What is wrong with a paper CSV and where: the physical line (1 = header) and, when it is about one
/// value, the column.</summary>
public sealed record PaperCsvError(int Line, string? Column, string Message)
{
    public override string ToString() => Column is null ? $"line {Line}: {Message}" : $"line {Line}, {Column}: {Message}";
}
