namespace Tracker.Domain.Validation;

/// <summary>What is wrong and where, as a JSON-path-like location (<c>steps[3].reward</c>).</summary>
public sealed record ValidationError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
