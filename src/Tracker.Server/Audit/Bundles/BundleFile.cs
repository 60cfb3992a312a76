using System.Runtime.CompilerServices;
using System.Text.Json;
using Tracker.Contracts.Audit;
using Tracker.Server.Infrastructure.Http;

namespace Tracker.Server.Audit.Bundles;

/// <summary>One line of a bundle as read: exactly one of the three is set.</summary>
public sealed record BundleLine(int Number, BundleHeader? Header, BundleEvent? Event, BundleManifest? Manifest);

/// <summary>Reads a bundle file line by line, each line by its "kind".</summary>
public static class BundleFile
{
    public static async IAsyncEnumerable<BundleLine> ReadAsync(string path, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(path);
        var number = 0;
        while (await reader.ReadLineAsync(ct) is { } text)
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            yield return Parse(number, text);
        }
    }

    private static BundleLine Parse(int number, string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var kind = document.RootElement.TryGetProperty("kind", out var k) ? k.GetString() : null;
            return kind switch
            {
                "bundle" => new BundleLine(number, document.Deserialize<BundleHeader>(TrackerJson.Options), null, null),
                "event" => new BundleLine(number, null, document.Deserialize<BundleEvent>(TrackerJson.Options), null),
                "manifest" => new BundleLine(number, null, null, document.Deserialize<BundleManifest>(TrackerJson.Options)),
                _ => throw new InvalidBundleException($"line {number}: unknown kind '{kind}' (expected bundle, event or manifest)"),
            };
        }
        catch (JsonException ex)
        {
            throw new InvalidBundleException($"line {number}: not a bundle line ({ex.Message.Split(" Path:")[0]})");
        }
    }
}

/// <summary>The bundle cannot be imported as it is; the message says where and why.</summary>
public sealed class InvalidBundleException(string message) : Exception(message);
