using System.Globalization;
using Tracker.Contracts.Studies;

namespace Tracker.Cli.Audit;

/// <summary>The replay report for a reader. Fitted values are printed in full (shortest round-trip form, as the API's
/// JSON shows them), so they can be compared digit by digit with what the server showed.</summary>
public static class ReplayText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Write(ReplayReport r, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(Format($"study {r.Study} (bundle exported {r.ExportedAt:u} by {r.ExportedBy}): {r.EventsRead:N0} events read, {r.EventsReplayed:N0} folded in {r.Seconds:0.000} s ({r.EventsPerSecond:N0} events/s)"));
        if (r.AsOf is { } asOf)
        {
            output.WriteLine(Format($"as of {asOf:O}: events stored after it are left out"));
        }
        else if (r.Sequence is { } sequence)
        {
            output.WriteLine(Format($"up to sequence {sequence}: later events are left out"));
        }

        output.WriteLine(Format($"dataset: {r.Runs} runs, sizes {string.Join(", ", r.Sizes.Select(Size))}, {r.PointCount:N0} points; loss dataset {r.LossDataset}; high-water mark {r.HighWaterMark}"));
        foreach (var (axis, fit) in r.Fits)
        {
            WriteFit($"{axis} axis, re-derived from the events", fit, output);
            if (r.RecordedFits.TryGetValue(axis, out var recorded))
            {
                WriteFit(Format($"{axis} axis, as the server recorded it at {recorded.RecordedAt:O} (sequence {recorded.Sequence}, data up to {recorded.Fit.HighWaterMark})"), recorded.Fit, output);
            }
        }

        if (r.Points is { } points)
        {
            output.WriteLine("n,run,name,step,c,d,tau,l,reward");
            foreach (var p in points)
            {
                output.WriteLine(Format($"{p.N:R},{p.RunId},{p.Run},{p.Step},{p.C:R},{p.D:R},{p.Tau:R},{p.L:R},{p.Reward:R}"));
            }
        }
    }

    private static void WriteFit(string title, FitView fit, TextWriter output)
    {
        if (!fit.Succeeded)
        {
            output.WriteLine($"{title}: no fit: {fit.Reason}");
            return;
        }

        output.WriteLine(Format($"{title}: {fit.PointsUsed:N0} points ({fit.PointsExcluded} excluded), R² {fit.R2:R}, RMSE(log10 L) {fit.RmseLog10:R}"));
        output.WriteLine("  Kmax = " + Estimate(fit.Kmax));
        output.WriteLine("  N0   = " + Estimate(fit.N0));
        output.WriteLine("  N          k                        E                        points");
        foreach (var size in fit.Sizes)
        {
            output.WriteLine(Format($"  {Size(size.N),-10} {size.K.Value,-24:R} {size.E.Value,-24:R} {size.Points}"));
        }
    }

    private static string Estimate(EstimateView? e) =>
        e is null ? "(none)" : Format($"{e.Value:R} (standard error {e.StandardError:G4}, 95% {e.Low:G6} to {e.High:G6})");

    private static string Size(double n) => n >= 1e9 ? Format($"{n / 1e9:0.###}B") : Format($"{n / 1e6:0.###}M");

    private static string Format(FormattableString text) => text.ToString(Invariant);
}
