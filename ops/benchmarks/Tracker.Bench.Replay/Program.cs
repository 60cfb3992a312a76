using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Tracker.Cli.Audit;
using Tracker.Cli.Tests.Audit;
using Tracker.Domain.Studies.Analysis;
using Tracker.Scaling;
using Tracker.Scaling.Synthetic;

// ops/bench replay [--runs 100] [--steps 10000] [--steps-per-event 1] [--evaluate-every 10] [--repeat 3] [--bundle PATH]
var options = Options.Parse(args);
var path = options.Bundle ?? Path.Combine(Path.GetTempPath(), $"tracker-replay-{options.Runs}x{options.Steps}-{options.StepsPerEvent}-{options.EvaluateEvery}.jsonl");
if (!File.Exists(path))
{
    Console.WriteLine($"writing {path} …");
    var clock = Stopwatch.StartNew();
    var sizes = PaperFits.SizesN.Take(5).ToList();
    var points = SyntheticSweep.Generate(new SweepSpec { Law = PaperFits.BaseCompute, Sizes = sizes, Runs = options.Runs / sizes.Count, Steps = options.Steps, Seed = 7 });
    var written = SyntheticBundle.Write(path + ".partial", "bench", points, options.StepsPerEvent, options.EvaluateEvery);
    File.Move(path + ".partial", path);
    Console.WriteLine($"  {written.Events:N0} events in {written.Streams} streams, {new FileInfo(path).Length / 1e6:N0} MB, in {clock.Elapsed.TotalSeconds:0} s");
}

var events = 0L;
var results = new List<(string What, double Seconds)>();
for (var round = 0; round < options.Repeat; round++)
{
    // Baseline: read every line and parse it as JSON, nothing else.
    var clock = Stopwatch.StartNew();
    var lines = 0L;
    foreach (var (_, bytes) in BundleLines.RawLines(path))
    {
        using var document = JsonDocument.Parse(bytes);
        lines += document.RootElement.ValueKind == JsonValueKind.Object ? 1 : 0;
    }

    results.Add(("read + parse lines (baseline)", clock.Elapsed.TotalSeconds));

    clock.Restart();
    var replay = BundleReplayer.Replay(path, new ReplayCut());
    results.Add(("replay: fold events into run curves", clock.Elapsed.TotalSeconds));
    events = replay.EventsRead;

    clock.Restart();
    var points = replay.Study.Points();
    var fits = Axis.All.Select(a => replay.Study.Fit(a, points, DateTimeOffset.UnixEpoch)).ToList();
    results.Add(("dataset + both fits (after the fold)", clock.Elapsed.TotalSeconds));
    if (round == 0)
    {
        Console.WriteLine($"  {points.Count:N0} points; compute fit: Kmax {fits[0].Kmax?.Value:R}, N0 {fits[0].N0?.Value:R}");
    }

    clock.Restart();
    var check = BundleVerifier.Check(path);
    results.Add(("verify: recompute every hash", clock.Elapsed.TotalSeconds));
    if (!check.Ok)
    {
        throw new InvalidOperationException("the generated bundle does not verify");
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{events:N0} events, best of {options.Repeat} rounds (load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}):"));
var baseline = results.Where(r => r.What.Contains("baseline", StringComparison.Ordinal)).Min(r => r.Seconds);
foreach (var group in results.GroupBy(r => r.What))
{
    var best = group.Min(r => r.Seconds);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {group.Key,-40} {best,7:0.00} s  {events / best,12:N0} events/s  {best / baseline,5:0.00}× baseline"));
}

internal sealed record Options(int Runs, int Steps, int StepsPerEvent, int EvaluateEvery, int Repeat, string? Bundle)
{
    public static Options Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != "--" + name).Skip(1).FirstOrDefault();
        int Number(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new Options(Number("runs", 100), Number("steps", 10_000), Number("steps-per-event", 1), Number("evaluate-every", 10), Number("repeat", 3), Value("bundle"));
    }
}
