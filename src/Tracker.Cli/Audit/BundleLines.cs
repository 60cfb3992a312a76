using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tracker.Cli.Audit;

/// <summary>One line of a bundle, parsed: valid until the next line is read (its document is then reused).</summary>
public readonly record struct BundleLine(int Number, string Kind, JsonElement Root);

/// <summary>Reads a bundle file (JSON Lines) one parsed line at a time, with as little work per line as possible:
/// the file is read as UTF-8 bytes, each line parsed once, and the previous line's document freed when the next is read.</summary>
public static partial class BundleLines
{
    private const int BufferSize = 1 << 20;

    public static IEnumerable<BundleLine> Read(string path)
    {
        foreach (var (number, bytes) in RawLines(path))
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(bytes);
            }
            catch (JsonException ex)
            {
                throw new BundleFormatException($"line {number}{EventHint(bytes.Span)}: not valid JSON ({ex.Message.Split(" Path:")[0].Split(" LineNumber:")[0]})");
            }

            using (document)
            {
                var root = document.RootElement;
                var kind = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : "";
                yield return new BundleLine(number, kind, root);
            }
        }
    }

    /// <summary>The non-empty lines as UTF-8 bytes (the memory is reused for the next line), with their 1-based numbers.</summary>
    public static IEnumerable<(int Number, ReadOnlyMemory<byte> Bytes)> RawLines(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[BufferSize];
        int start = 0, end = 0, number = 0;
        while (true)
        {
            var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
            if (newline < 0)
            {
                // Keep the partial line, refill the buffer behind it (growing it for a line longer than the buffer).
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }

                if (end == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var read = file.Read(buffer, end, buffer.Length - end);
                if (read == 0)
                {
                    if (end > start && !IsBlank(buffer.AsSpan(start, end - start)))
                    {
                        yield return (++number, buffer.AsMemory(start, end - start));
                    }

                    yield break;
                }

                end += read;
                continue;
            }

            number++;
            var line = buffer.AsMemory(start, newline - start);
            start = newline + 1;
            if (!IsBlank(line.Span))
            {
                yield return (number, line);
            }
        }
    }

    /// <summary>Names the event of a line that does not parse, when its stream and version can still be read.</summary>
    private static string EventHint(ReadOnlySpan<byte> line)
    {
        var text = System.Text.Encoding.UTF8.GetString(line);
        var stream = StreamMember().Match(text);
        var version = VersionMember().Match(text);
        return stream.Success && version.Success ? $" (stream {stream.Groups[1].Value}, version {version.Groups[1].Value})" : "";
    }

    [GeneratedRegex("\"stream\":\"([0-9a-f-]{36})\"")]
    private static partial Regex StreamMember();

    [GeneratedRegex("\"version\":([0-9]+)")]
    private static partial Regex VersionMember();

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.Trim(" \t\r"u8).IsEmpty;

    public static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

}

/// <summary>The file is not a well-formed bundle; the message names the line.</summary>
public sealed class BundleFormatException(string message) : Exception(message);
