using System.Globalization;
using System.Text.RegularExpressions;

namespace Tracker.Domain.Runs;

/// <summary>Reads N from model names such as <c>Qwen2.5-7B-Instruct</c>, <c>Qwen/Qwen2.5-0.5B</c> or <c>llama-70m</c>.</summary>
public static partial class ModelSize
{
    // A size token stands alone: "7B" in "Qwen2.5-7B", never "2.5" in "Qwen2.5" nor "3B" in the MoE suffix "A3B".
    [GeneratedRegex(@"(?<![\w.])(\d+(?:\.\d+)?)([bmk])(?![a-z0-9])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SizeToken();

    public static double? TryParse(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var match = SizeToken().Match(name);
        if (!match.Success)
        {
            return null;
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var scale = char.ToLowerInvariant(match.Groups[2].Value[0]) switch
        {
            'b' => 1e9,
            'm' => 1e6,
            _ => 1e3,
        };
        return value * scale;
    }

    /// <summary>N as given, else parsed from the first name that carries a size.</summary>
    public static double? Resolve(double? given, params string?[] names)
    {
        if (given is not null)
        {
            return given;
        }

        foreach (var name in names)
        {
            if (TryParse(name) is { } n)
            {
                return n;
            }
        }

        return null;
    }
}
