namespace Tracker.Web.Charts;

/// <summary>Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. Yellow comes last
/// because it is faint on white.</summary>
public static class Palette
{
    public static readonly IReadOnlyList<string> Colours =
        ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"];

    /// <summary>A study's sizes get colours by rank, so a size keeps its colour on every chart of the page.</summary>
    public static string ForSize(IReadOnlyList<double> sortedSizes, double n)
    {
        ArgumentNullException.ThrowIfNull(sortedSizes);
        var index = 0;
        for (var i = 0; i < sortedSizes.Count; i++)
        {
            if (Math.Abs(sortedSizes[i] - n) <= 1e-6 * Math.Abs(n))
            {
                index = i;
                break;
            }
        }

        return Colours[index % Colours.Count];
    }

    /// <summary>#RRGGBB with an alpha, for bands.</summary>
    public static string Translucent(string hex, double alpha)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var r = Convert.ToInt32(hex.Substring(1, 2), 16);
        var g = Convert.ToInt32(hex.Substring(3, 2), 16);
        var b = Convert.ToInt32(hex.Substring(5, 2), 16);
        return FormattableString.Invariant($"rgba({r},{g},{b},{alpha:0.##})");
    }
}
