using System.Globalization;

namespace Tracker.Cli.Commands;

/// <summary>Options as <c>--name value</c> or <c>--name=value</c>, flags as <c>--name</c>, everything else positional.
/// Hand-rolled: two commands with a handful of options do not justify a parsing dependency.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly List<string> _positionals = [];

    private CommandLine()
    {
    }

    public IReadOnlyList<string> Positionals => _positionals;

    /// <param name="args">The arguments after the command words.</param>
    /// <param name="options">Option names that take a value (without the leading dashes).</param>
    /// <param name="flags">Option names that take none.</param>
    public static CommandLine Parse(IReadOnlyList<string> args, IEnumerable<string> options, IEnumerable<string> flags)
    {
        ArgumentNullException.ThrowIfNull(args);
        var valued = options.ToHashSet(StringComparer.Ordinal);
        var bare = flags.ToHashSet(StringComparer.Ordinal);
        var line = new CommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                line._positionals.AddRange(args.Skip(i + 1));
                break;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                line._positionals.Add(arg);
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg[2..] : arg[2..equals];
            if (bare.Contains(name))
            {
                if (equals >= 0)
                {
                    throw new UsageException($"--{name} takes no value");
                }

                line._flags.Add(name);
            }
            else if (valued.Contains(name))
            {
                string value;
                if (equals >= 0)
                {
                    value = arg[(equals + 1)..];
                }
                else if (i + 1 < args.Count)
                {
                    value = args[++i];
                }
                else
                {
                    throw new UsageException($"--{name} needs a value");
                }

                if (!line._options.TryAdd(name, value))
                {
                    throw new UsageException($"--{name} is given twice");
                }
            }
            else
            {
                throw new UsageException($"unknown option --{name}");
            }
        }

        return line;
    }

    public bool Flag(string name) => _flags.Contains(name);

    public string? Option(string name) => _options.GetValueOrDefault(name);

    public string Option(string name, string fallback) => _options.GetValueOrDefault(name) ?? fallback;

    public int WholeNumber(string name, int fallback, int min, int max)
    {
        if (Option(name) is not { } text)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"--{name} must be an integer from {min} to {max}, got '{text}'");
    }

    public double Number(string name, double fallback, Func<double, bool> valid, string rule)
    {
        if (Option(name) is not { } text)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && valid(value)
            ? value
            : throw new UsageException($"--{name} {rule}, got '{text}'");
    }

    /// <summary>The server root: --url, else TRACKER_URL, else the local default of ./ops/up.</summary>
    public Uri Url()
    {
        var text = Option("url") ?? Environment.GetEnvironmentVariable("TRACKER_URL") ?? "http://127.0.0.1:5080";
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new UsageException($"--url must be an http(s) address such as http://127.0.0.1:5080, got '{text}'");
    }
}
