using System.Globalization;

namespace Tracker.Web.Charts;

/// <summary>How numbers read on the page: sizes as 7B, big quantities as 1.2e21, losses with 4 decimals.</summary>
public static class Format
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Size(double n) => n switch
    {
        >= 1e12 => (n / 1e12).ToString("0.##", Invariant) + "T",
        >= 5e8 => (n / 1e9).ToString("0.##", Invariant) + "B",
        >= 1e6 => (n / 1e6).ToString("0.##", Invariant) + "M",
        _ => n.ToString("0.##", Invariant),
    };

    public static string Sci(double? value) =>
        value is not { } v || !double.IsFinite(v) ? "—" : v == 0 ? "0" : Math.Abs(v) is >= 1e-3 and < 1e5 ? v.ToString("0.####", Invariant) : v.ToString("0.00e0", Invariant);

    public static string Percent(double fraction) => (fraction * 100).ToString("0.#", Invariant) + "%";

    public static string Loss(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("0.0000", Invariant) : "—";

    public static string Number(double? value, string format = "0.###") => value is { } v && double.IsFinite(v) ? v.ToString(format, Invariant) : "—";

    public static string Time(DateTimeOffset? at) => at is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", Invariant) + " UTC" : "—";

    public static string Clock(DateTimeOffset? at) => at is { } t ? t.ToUniversalTime().ToString("HH:mm:ss", Invariant) : "—";

    /// <summary>An estimate as "value [low, high]".</summary>
    public static string Estimate(Tracker.Contracts.Studies.EstimateView? e, Func<double?, string>? format = null)
    {
        format ??= v => Sci(v);
        return e is null ? "—" : $"{format(e.Value)} [{format(e.Low)}, {format(e.High)}]";
    }

    /// <summary>Parses what people type for big numbers: 1e21, 1.5E20, 3,000,000.</summary>
    public static bool TryParseQuantity(string? text, out double value) =>
        double.TryParse(text?.Replace(",", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).Trim(), NumberStyles.Float, Invariant, out value)
        && double.IsFinite(value);
}
