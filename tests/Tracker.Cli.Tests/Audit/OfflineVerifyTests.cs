using System.Text;
using Tracker.Cli.Audit;

namespace Tracker.Cli.Tests.Audit;

/// <summary><c>tracker verify BUNDLE</c>: every chain recomputed from the file alone, the first altered event named.</summary>
public sealed class OfflineVerifyTests : IDisposable
{
    private readonly BundleFiles _files = new();

    [Fact]
    public async Task An_intact_bundle_verifies_and_matches_its_manifest()
    {
        var path = _files.Sweep();

        var (exit, output, error) = await VerifyAsync(path);

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        var check = BundleVerifier.Check(path);
        Assert.True(check.Ok);
        Assert.Equal(check.Manifest!.Anchor, check.Anchor);
        Assert.Equal(8, check.Streams); // seven runs and the study
        Assert.Contains($"OK: every hash chain verifies and the manifest matches; anchor {check.Anchor}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_changed_byte_in_an_events_data_is_found_and_that_event_is_named()
    {
        var path = _files.Sweep();
        var lines = File.ReadAllLines(path);
        var index = Array.FindIndex(lines, l => l.Contains("\"steps_logged\"", StringComparison.Ordinal));
        var at = lines[index].IndexOf("\"tokens\":", StringComparison.Ordinal) + "\"tokens\":".Length + 1;
        var bytes = Encoding.UTF8.GetBytes(lines[index]);
        Assert.InRange(bytes[at], (byte)'0', (byte)'9');
        bytes[at] = (byte)('0' + ((bytes[at] - '0' + 1) % 10)); // the second digit of one step's tokens
        lines[index] = Encoding.UTF8.GetString(bytes);
        File.WriteAllLines(path, lines);
        var altered = new BundleEventLine(new BundleLine(index + 1, "event", System.Text.Json.JsonDocument.Parse(lines[index]).RootElement));

        var (exit, output, _) = await VerifyAsync(path);

        Assert.Equal(1, exit);
        Assert.Contains($"MISMATCH line {index + 1}: stream {altered.Stream}, version {altered.Version}, sequence {altered.Sequence}, type steps_logged", output, StringComparison.Ordinal);
        var check = BundleVerifier.Check(path);
        var broken = Assert.Single(check.Breaks);
        Assert.Equal((index + 1, altered.Stream, altered.Version), (broken.Line, broken.Break.StreamId, broken.Break.Version));
        Assert.Equal(altered.Hash, broken.Break.StoredHash);
        Assert.NotEqual(broken.Break.StoredHash, broken.Break.ExpectedHash);
        Assert.Contains("FAILED", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_user_or_client_breaks_the_chain_too()
    {
        var path = _files.Sweep();
        var lines = File.ReadAllLines(path);
        var index = Array.FindIndex(lines, l => l.Contains("\"evaluations_recorded\"", StringComparison.Ordinal));
        lines[index] = lines[index].Replace("\"client\":\"tests\"", "\"client\":\"tesTs\"", StringComparison.Ordinal);
        File.WriteAllLines(path, lines);

        var (exit, output, _) = await VerifyAsync(path);

        Assert.Equal(1, exit);
        Assert.Contains($"MISMATCH line {index + 1}:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_removed_event_shows_as_missing_versions_and_a_manifest_that_no_longer_matches()
    {
        var path = _files.Sweep();
        var lines = File.ReadAllLines(path).ToList();
        var index = lines.FindIndex(l => l.Contains("\"evaluations_recorded\"", StringComparison.Ordinal));
        lines.RemoveAt(index);
        File.WriteAllLines(path, lines);

        var (exit, output, _) = await VerifyAsync(path);

        Assert.Equal(1, exit);
        Assert.Contains("are missing before this event", output, StringComparison.Ordinal);
        Assert.Contains("the manifest lists", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_byte_that_breaks_the_json_names_the_line_and_its_event()
    {
        var path = _files.Sweep();
        var lines = File.ReadAllLines(path);
        var index = Array.FindIndex(lines, l => l.Contains("\"steps_logged\"", StringComparison.Ordinal));
        var stream = lines[index].Split("\"stream\":\"")[1][..36];
        lines[index] = lines[index].Replace("\"data\":{", "\"data\":[", StringComparison.Ordinal);
        File.WriteAllLines(path, lines);

        var (exit, _, error) = await VerifyAsync(path);

        Assert.Equal(1, exit);
        Assert.Contains($"line {index + 1} (stream {stream}, version", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bundle_cut_short_is_reported()
    {
        var path = _files.Sweep();
        var lines = File.ReadAllLines(path);
        File.WriteAllLines(path, lines[..^1]);

        var (exit, output, _) = await VerifyAsync(path);

        Assert.Equal(1, exit);
        Assert.Contains("no manifest line: it was cut short", output, StringComparison.Ordinal);
    }

    private static Task<(int Exit, string Output, string Error)> VerifyAsync(string path) =>
        BundleFiles.RunAsync(VerifyCommand.RunAsync, [path], VerifyCommand.Options, VerifyCommand.Flags);

    public void Dispose() => _files.Dispose();
}
