namespace Tracker.Server.Security.Grants;

/// <summary>What a token or account may do in a project. Admin includes everything; audit includes read; write
/// (training jobs) may register runs and post to them, and read nothing.</summary>
public enum Scope
{
    Write,
    Read,
    Audit,
    Admin,
}

public static class Scopes
{
    public static bool Includes(this Scope held, Scope required) => held switch
    {
        Scope.Admin => true,
        Scope.Audit => required is Scope.Audit or Scope.Read,
        _ => held == required,
    };

    public static bool TryParse(string? text, out Scope scope) =>
        Enum.TryParse(text, ignoreCase: true, out scope) && Enum.IsDefined(scope) && !int.TryParse(text, out _);

    public static string Name(this Scope scope) => scope.ToString().ToLowerInvariant();
}
