using System.Globalization;
using System.Text.Json;
using Tracker.Cli.Commands;
using Tracker.Contracts.Studies;
using Tracker.Domain.Studies.Analysis;
using Tracker.Domain.Studies.Replay;

namespace Tracker.Cli.Audit;

/// <summary><c>tracker replay BUNDLE [--fit] [--as-of T | --sequence N] [--axis compute|data] [--points] [--json]</c>:
/// re-derives the study's dataset (and with <c>--fit</c> its fits) from the bundle alone, with the server's own code,
/// and prints the numbers the server's dataset and fit endpoints show for the same events.</summary>
public static class ReplayCommand
{
    public static readonly string[] Options = ["as-of", "sequence", "axis"];
    public static readonly string[] Flags = ["fit", "points", "json"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static int Run(CommandLine line, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (line.Positionals is not [var path])
        {
            throw new UsageException("usage: tracker replay BUNDLE [--fit] [--as-of TIME | --sequence N] [--axis compute|data] [--points] [--json]");
        }

        var cut = Cut(line);
        var axes = line.Option("axis") is { } axis
            ? Axis.IsValid(axis) ? [axis] : throw new UsageException($"--axis must be compute or data, got '{axis}'")
            : Axis.All;
        if (!File.Exists(path))
        {
            error.WriteLine($"tracker: no such file: {path}");
            return 1;
        }

        ReplayRun run;
        try
        {
            run = BundleReplayer.Replay(path, cut);
        }
        catch (BundleFormatException ex)
        {
            error.WriteLine($"tracker: {path}: {ex.Message}");
            return 1;
        }

        var report = ReplayReport.From(run, cut, line.Flag("fit") ? axes : [], line.Flag("points"));
        if (line.Flag("json"))
        {
            output.WriteLine(JsonSerializer.Serialize(report, Json));
        }
        else
        {
            ReplayText.Write(report, output);
        }

        return 0;
    }

    private static ReplayCut Cut(CommandLine line)
    {
        DateTimeOffset? asOf = line.Option("as-of") is { } time
            ? DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                ? t
                : throw new UsageException($"--as-of must be an ISO 8601 time such as 2026-11-25T11:00:00Z, got '{time}'")
            : null;
        long? sequence = line.Option("sequence") is { } text
            ? long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0
                ? s
                : throw new UsageException($"--sequence must be a positive event sequence number, got '{text}'")
            : null;
        return asOf is not null && sequence is not null
            ? throw new UsageException("give either --as-of or --sequence, not both")
            : new ReplayCut(asOf, sequence);
    }
}

/// <summary>The replay's answer: the dataset and fits re-derived from the events, and the fits the server had recorded
/// by then (FitComputed), side by side.</summary>
public sealed record ReplayReport(
    string Study,
    string ExportedBy,
    DateTimeOffset ExportedAt,
    DateTimeOffset? AsOf,
    long? Sequence,
    long EventsRead,
    long EventsReplayed,
    double Seconds,
    double EventsPerSecond,
    string LossDataset,
    int Runs,
    IReadOnlyList<double> Sizes,
    int PointCount,
    long HighWaterMark,
    IReadOnlyDictionary<string, FitView> Fits,
    IReadOnlyDictionary<string, RecordedFit> RecordedFits,
    IReadOnlyList<ScalingPointView>? Points)
{
    public static ReplayReport From(ReplayRun run, ReplayCut cut, IReadOnlyList<string> axes, bool withPoints)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(cut);
        ArgumentNullException.ThrowIfNull(axes);
        var study = run.Study;
        var points = study.Points();
        // The time the fit is stamped with: the cut, else the export (the server stamps its own clock).
        var computedAt = cut.AsOf ?? run.Header.ExportedAt;
        var fits = axes.ToDictionary(a => a, a => study.Fit(a, points, computedAt), StringComparer.Ordinal);
        var recorded = new Dictionary<string, RecordedFit>(StringComparer.Ordinal);
        foreach (var fit in study.RecordedFits.Where(f => axes.Contains(f.Fit.Axis)))
        {
            recorded[fit.Fit.Axis] = fit; // the last one recorded on each axis
        }

        return new ReplayReport(
            study.Study, run.Header.ToolVersion, run.Header.ExportedAt, cut.AsOf, cut.Sequence,
            run.EventsRead, run.EventsReplayed, run.Seconds, run.EventsPerSecond,
            study.LossDataset,
            study.Curves.Count,
            study.Curves.Where(c => c.N is not null).Select(c => c.N!.Value).Distinct().Order().ToList(),
            points.Count,
            study.HighWaterMark,
            fits,
            recorded,
            withPoints ? points : null);
    }
}
