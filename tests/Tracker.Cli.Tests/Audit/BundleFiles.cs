using Tracker.Cli.Commands;
using Tracker.Scaling;
using Tracker.Scaling.Synthetic;

namespace Tracker.Cli.Tests.Audit;

/// <summary>Temporary bundles for one test, and a way to run a command on them and read what it printed.</summary>
public sealed class BundleFiles : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tracker-cli-audit-").FullName;

    public string PathOf(string name) => Path.Combine(_directory, name);

    /// <summary>A small sweep (7 sizes × 1 run × 30 steps) written as a bundle of study "offline".</summary>
    public string Sweep(string name = "sweep.jsonl", int runs = 1, int steps = 30, int stepsPerEvent = 1)
    {
        var path = PathOf(name);
        SyntheticBundle.Write(path, "offline", Points(runs, steps), stepsPerEvent);
        return path;
    }

    public static IReadOnlyList<ScalingPoint> Points(int runs, int steps) =>
        SyntheticSweep.Generate(new SweepSpec { Law = PaperFits.BaseCompute, Runs = runs, Seed = 5, Steps = steps });

    public static async Task<(int Exit, string Output, string Error)> RunAsync(
        Func<CommandLine, TextWriter, TextWriter, CancellationToken, Task<int>> command, string[] args, string[] options, string[] flags)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await command(CommandLine.Parse(args, options, flags), output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
