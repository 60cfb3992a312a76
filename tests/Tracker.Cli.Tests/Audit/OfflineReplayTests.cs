using System.Text.Json;
using Tracker.Cli.Audit;
using Tracker.Cli.Commands;
using Tracker.Domain.Studies.Analysis;

namespace Tracker.Cli.Tests.Audit;

/// <summary><c>tracker replay BUNDLE --fit</c> without a server.</summary>
public sealed class OfflineReplayTests : IDisposable
{
    private readonly BundleFiles _files = new();

    [Fact]
    public void Replay_folds_every_event_into_the_same_points_as_folding_the_posted_data_directly()
    {
        var points = BundleFiles.Points(runs: 1, steps: 30);
        var path = _files.PathOf("direct.jsonl");
        var manifest = SyntheticBundle.Write(path, "offline", points, stepsPerEvent: 4);

        var run = BundleReplayer.Replay(path, new ReplayCut());

        Assert.Equal(manifest.Events, run.EventsRead);
        var replayed = run.Study.Points();
        Assert.Equal(points.Count, replayed.Count);
        var expected = points.ToDictionary(p => (p.RunId, (long)p.Step));
        foreach (var p in replayed)
        {
            var source = expected[(p.Run, p.Step)];
            Assert.Equal(source.N, p.N);
            Assert.Equal(source.X, p.C, 1e-9 * Math.Max(1, source.X));
            Assert.Equal(Math.Clamp(1 - source.L, 0, 1), 1 - p.L, 1e-15);
        }
    }

    [Fact]
    public void The_fit_is_the_servers_fit_of_the_same_points()
    {
        var path = _files.Sweep();
        var run = BundleReplayer.Replay(path, new ReplayCut());
        var points = run.Study.Points();
        var at = DateTimeOffset.UnixEpoch;

        var fit = run.Study.Fit(Axis.Compute, points, at);

        Assert.True(fit.Succeeded, fit.Reason);
        Assert.Equal(JsonSerializer.Serialize(StudyAnalysis.Fit("offline", Axis.Compute, points, run.Study.HighWaterMark, at)), JsonSerializer.Serialize(fit));
        Assert.Equal(7, fit.Sizes.Count);
    }

    [Fact]
    public void As_of_a_time_only_the_events_stored_by_then_count()
    {
        var path = _files.Sweep();
        var all = BundleReplayer.Replay(path, new ReplayCut());
        var cutAt = SyntheticBundle.Start.AddTicks(all.EventsRead / 2 * 10_017);

        var half = BundleReplayer.Replay(path, new ReplayCut(AsOf: cutAt));
        var bySequence = BundleReplayer.Replay(path, new ReplayCut(Sequence: all.EventsRead / 2));

        Assert.Equal(all.EventsRead, half.EventsRead);
        Assert.InRange(half.EventsReplayed, all.EventsRead / 2 - 1, all.EventsRead / 2 + 1);
        Assert.True(half.Study.Points().Count < all.Study.Points().Count);
        Assert.Equal(all.EventsRead / 2 - 1, bySequence.EventsReplayed); // all but StudyCreated, which the dataset does not use
        Assert.Equal(all.EventsRead / 2, bySequence.Study.HighWaterMark);
    }

    [Fact]
    public async Task The_command_prints_the_fitted_numbers_in_full_and_as_json()
    {
        var path = _files.Sweep();
        var run = BundleReplayer.Replay(path, new ReplayCut());
        var fit = run.Study.Fit(Axis.Compute, run.Study.Points(), DateTimeOffset.UnixEpoch);

        var (exit, text, _) = await ReplayAsync(path, "--fit");
        var (jsonExit, json, _) = await ReplayAsync(path, "--fit", "--axis", "compute", "--json");

        Assert.Equal((0, 0), (exit, jsonExit));
        Assert.Contains($"Kmax = {fit.Kmax!.Value:R} ", text, StringComparison.Ordinal);
        Assert.Contains($"N0   = {fit.N0!.Value:R} ", text, StringComparison.Ordinal);
        Assert.All(fit.Sizes, s => Assert.Contains($" {s.K.Value,-24:R} {s.E.Value,-24:R} {s.Points}", text, StringComparison.Ordinal));
        Assert.Contains("data axis, re-derived from the events", text, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(json);
        var compute = report.RootElement.GetProperty("fits").GetProperty("compute");
        Assert.Equal(fit.Kmax.Value, compute.GetProperty("kmax").GetProperty("value").GetDouble());
        Assert.False(report.RootElement.GetProperty("fits").TryGetProperty("data", out _));
    }

    [Fact]
    public async Task A_tampered_value_changes_the_replayed_numbers_but_replay_does_not_judge_it_verify_does()
    {
        var path = _files.Sweep();
        var (_, before, _) = await ReplayAsync(path, "--fit", "--json");
        var lines = File.ReadAllLines(path);
        var index = Array.FindLastIndex(lines, l => l.Contains("\"passAt1\":0.", StringComparison.Ordinal));
        lines[index] = lines[index].Replace("\"passAt1\":0.", "\"passAt1\":0.0", StringComparison.Ordinal);
        File.WriteAllLines(path, lines);

        var (exit, after, _) = await ReplayAsync(path, "--fit", "--json");

        Assert.Equal(0, exit);
        Assert.NotEqual(Kmax(before), Kmax(after));
    }

    [Fact]
    public void Wrong_command_lines_are_usage_errors()
    {
        Assert.Throws<UsageException>(() => ReplayCommand.Run(CommandLine.Parse([], ReplayCommand.Options, ReplayCommand.Flags), TextWriter.Null, TextWriter.Null));
        Assert.Throws<UsageException>(() => ReplayCommand.Run(CommandLine.Parse(["b", "--as-of", "yesterday"], ReplayCommand.Options, ReplayCommand.Flags), TextWriter.Null, TextWriter.Null));
        Assert.Throws<UsageException>(() => ReplayCommand.Run(CommandLine.Parse(["b", "--axis", "time"], ReplayCommand.Options, ReplayCommand.Flags), TextWriter.Null, TextWriter.Null));
        Assert.Throws<UsageException>(() => ReplayCommand.Run(CommandLine.Parse(["b", "--as-of", "2026-01-01T00:00:00Z", "--sequence", "4"], ReplayCommand.Options, ReplayCommand.Flags), TextWriter.Null, TextWriter.Null));
    }

    private static double Kmax(string json)
    {
        using var report = JsonDocument.Parse(json);
        return report.RootElement.GetProperty("fits").GetProperty("compute").GetProperty("kmax").GetProperty("value").GetDouble();
    }

    private static Task<(int Exit, string Output, string Error)> ReplayAsync(params string[] args) =>
        BundleFiles.RunAsync((line, output, error, _) => Task.FromResult(ReplayCommand.Run(line, output, error)), args, ReplayCommand.Options, ReplayCommand.Flags);

    public void Dispose() => _files.Dispose();
}
