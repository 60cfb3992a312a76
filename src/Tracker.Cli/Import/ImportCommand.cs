using Tracker.Cli.Commands;

namespace Tracker.Cli.Import;

/// <summary><c>tracker import paper-csv|mlflow|wandb-csv …</c>: posts a file recorded elsewhere to the server's
/// import endpoint and prints what was stored, or every error the server found when it refused the file.</summary>
public static class ImportCommand
{
    public static readonly string[] Formats = ["paper-csv", "mlflow", "wandb-csv"];

    public static readonly string[] Options =
    [
        "url", "token", "study", "run", "config", "step-column", "model-size", "model", "batch-size", "rollout-n",
        "unique-samples", "status", "loss-dataset",
    ];

    public static readonly string[] Flags = ["json"];

    /// <summary>Whether the words after <c>import</c> name one of these formats (else they name a bundle).</summary>
    public static bool Handles(IReadOnlyList<string> args) => args.Any(Formats.Contains);

    public static Task<int> RunAsync(CommandLine line, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.Positionals switch
        {
            ["paper-csv", _] => PaperCsvImport.RunAsync(line, output, error, cancellationToken),
            ["mlflow", _] => MlflowImport.RunAsync(line, output, error, cancellationToken),
            ["wandb-csv", _] => WandbCsvImport.RunAsync(line, output, error, cancellationToken),
            _ => throw new UsageException(
                "usage: tracker import paper-csv FILE --study NAME | tracker import mlflow DIR|FILE --study NAME"
                + " | tracker import wandb-csv FILE --study NAME --run NAME [options]"),
        };
    }

    /// <summary>--study, required by every format.</summary>
    public static string Study(CommandLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var study = line.Option("study")?.Trim();
        return string.IsNullOrEmpty(study) ? throw new UsageException("--study NAME is required: the study the imported runs join") : study;
    }
}
