using System.Text;
using System.Text.RegularExpressions;

namespace Tracker.Server.Mlflow.Search;

/// <summary>SQL LIKE: <c>%</c> any run of characters, <c>_</c> one character; ILIKE ignores case.</summary>
public static class LikePattern
{
    public static bool Matches(string value, string pattern, bool ignoreCase)
    {
        var regex = new StringBuilder("^");
        foreach (var c in pattern)
        {
            regex.Append(c switch
            {
                '%' => ".*",
                '_' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }

        regex.Append('$');
        var options = RegexOptions.Singleline | RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        return Regex.IsMatch(value, regex.ToString(), options, TimeSpan.FromMilliseconds(100));
    }
}
