namespace Tracker.Cli.Commands;

/// <summary>The command line itself is wrong; the message says how (exit code 2).</summary>
public sealed class UsageException(string message) : Exception(message);
