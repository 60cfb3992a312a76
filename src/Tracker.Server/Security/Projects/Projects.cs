using System.Text.RegularExpressions;

namespace Tracker.Server.Security.Projects;

/// <summary>Project names: the default project holds everything written without one (and all data from before
/// projects existed).</summary>
public static partial class Projects
{
    public const string Default = "default";
    public const int MaxNameLength = 64;

    public static bool IsDefault(string? project) => project is null || project == Default;

    /// <summary>Null when valid, else why not: lower-case letters, digits, '-', '_' and '.', starting with a letter or digit.</summary>
    public static string? Problem(string? name) =>
        string.IsNullOrEmpty(name) ? "a project name is required"
        : name.Length > MaxNameLength ? $"a project name has at most {MaxNameLength} characters"
        : !NamePattern().IsMatch(name) ? "a project name has lower-case letters, digits, '-', '_' or '.', and starts with a letter or digit"
        : null;

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex NamePattern();
}
