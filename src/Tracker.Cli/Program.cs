using System.Runtime.InteropServices;
using Tracker.Cli.Audit;
using Tracker.Cli.Commands;
using Tracker.Cli.Import;
using Tracker.Cli.Simulate;

// Ctrl-C and SIGTERM (what ./ops/up sends on exit) stop the command cleanly: loggers flush what they hold.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

try
{
    return args switch
    {
        [] or ["help" or "--help" or "-h", ..] => Help(),
        ["simulate", .. var rest] => await SimulateCommand.RunAsync(CommandLine.Parse(rest, SimulateCommand.Options, SimulateCommand.Flags), Console.Out, Console.Error, stop.Token),
        ["import", .. var rest] when ImportCommand.Handles(rest) => await ImportCommand.RunAsync(CommandLine.Parse(rest, ImportCommand.Options, ImportCommand.Flags), Console.Out, Console.Error, stop.Token),
        ["import", .. var rest] => await BundleImportCommand.RunAsync(CommandLine.Parse(rest, BundleImportCommand.Options, BundleImportCommand.Flags), Console.Out, Console.Error, stop.Token),
        ["export", .. var rest] => await ExportCommand.RunAsync(CommandLine.Parse(ExportCommand.Aliases(rest), ExportCommand.Options, ExportCommand.Flags), Console.Out, Console.Error, stop.Token),
        ["verify", .. var rest] => await VerifyCommand.RunAsync(CommandLine.Parse(rest, VerifyCommand.Options, VerifyCommand.Flags), Console.Out, Console.Error, stop.Token),
        ["replay", .. var rest] => ReplayCommand.Run(CommandLine.Parse(rest, ReplayCommand.Options, ReplayCommand.Flags), Console.Out, Console.Error),
        ["history", .. var rest] => await HistoryCommand.RunAsync(CommandLine.Parse(rest, HistoryCommand.Options, HistoryCommand.Flags), Console.Out, Console.Error, stop.Token),
        [var other, ..] => throw new UsageException($"unknown command '{other}'"),
    };
}
catch (UsageException ex)
{
    await Console.Error.WriteLineAsync($"tracker: {ex.Message} (tracker --help for usage)");
    return 2;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    return 130;
}

static int Help()
{
    Console.WriteLine(Usage.Text);
    return 0;
}
