using System.Globalization;
using System.Text.RegularExpressions;

namespace Tracker.Domain.Import.Runs;

/// <summary>JSON-path locations for error messages: <c>$.mlflow.metrics['actor/pg_loss'][3].step</c>.</summary>
public static partial class JsonPaths
{
    public static string Property(string parent, string name) =>
        Identifier().IsMatch(name) ? $"{parent}.{name}" : $"{parent}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    public static string Index(string parent, int index) => parent + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
