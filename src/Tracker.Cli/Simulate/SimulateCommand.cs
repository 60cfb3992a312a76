using System.Diagnostics;
using Tracker.Cli.Commands;
using Tracker.Client;

namespace Tracker.Cli.Simulate;

public static class SimulateCommand
{
    public static readonly string[] Options = ["url", "study", "speed", "sweep", "seeds", "seed", "steps"];
    public static readonly string[] Flags = ["reuse", "quiet"];

    public static SimulateOptions Read(CommandLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Positionals.Count > 0)
        {
            throw new UsageException($"simulate takes no arguments, got '{line.Positionals[0]}'");
        }

        var study = line.Option("study", "sim").Trim();
        if (study.Length == 0 || study.Length > 200 || study.Any(char.IsControl))
        {
            throw new UsageException("--study must be a name of 1 to 200 printable characters");
        }

        return new SimulateOptions
        {
            Study = study,
            Sweep = line.Option("sweep", "both").ToLowerInvariant() switch
            {
                "base" => Variants.Base,
                "instruct" => Variants.Instruct,
                "both" => Variants.Both,
                var other => throw new UsageException($"--sweep must be base, instruct or both, got '{other}'"),
            },
            Seeds = line.WholeNumber("seeds", 3, 1, 100),
            Seed = line.WholeNumber("seed", 1, 0, 1_000_000),
            Steps = line.WholeNumber("steps", 105, 1, 100_000),
            Reuse = line.Flag("reuse"),
            Speed = line.Number("speed", 1, v => v is > 0 and <= 10_000, "must be a number above 0 (2 = twice as fast)"),
        };
    }

    public static async Task<int> RunAsync(CommandLine line, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var options = Read(line);
        var url = line.Url();
        var jobs = SimulationPlan.Create(options);
        var studies = jobs.Select(j => j.Study).Distinct().ToList();
        output.WriteLine($"simulating {jobs.Count} runs in {string.Join(", ", studies)} against {url} "
            + $"(about {jobs.Max(j => j.Duration).TotalSeconds:0} s; Ctrl-C stops)");

        using var client = TrackerClient.Create(url, new TrackerClientOptions { ClientName = "tracker-simulate" });
        try
        {
            // One clear message when nobody answers, instead of one failure per run (the call is retried for a few seconds).
            await client.GetStudiesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TrackerApiException && !cancellationToken.IsCancellationRequested)
        {
            error.WriteLine($"tracker: cannot reach {url}: {ex.Message}");
            return 1;
        }

        var clock = Stopwatch.StartNew();
        var outcomes = await new Simulator(client, output, line.Flag("quiet")).RunAsync(jobs, cancellationToken);
        var done = outcomes.Count(o => o.Completed);
        var stored = outcomes.Sum(o => o.Counters.Sent);
        var duplicates = outcomes.Sum(o => o.Counters.Duplicates);
        output.WriteLine($"{done} of {jobs.Count} runs completed in {clock.Elapsed.TotalSeconds:0.0} s: {stored} steps and evaluations stored ({duplicates} already there)");
        return cancellationToken.IsCancellationRequested ? 130 : done == jobs.Count ? 0 : 1;
    }
}
