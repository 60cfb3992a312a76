using System.Diagnostics;
using System.Text.Json;
using Tracker.Contracts.Audit;
using Tracker.Domain.Audit;

namespace Tracker.Cli.Audit;

/// <summary>A chain break found in a bundle, with the line of the event that does not match.</summary>
public sealed record BundleBreak(int Line, ChainBreakView Break);

/// <summary>What checking a bundle found: every stream's chain recomputed from the file, and the manifest compared.</summary>
public sealed record BundleCheck(
    BundleHeader? Header,
    BundleManifest? Manifest,
    long Events,
    int Streams,
    long UnhashedEvents,
    IReadOnlyList<BundleBreak> Breaks,
    IReadOnlyList<string> Problems,
    IReadOnlyList<StreamHeadView> Heads,
    string Anchor,
    double Seconds)
{
    public bool Ok => Breaks.Count == 0 && Problems.Count == 0 && UnhashedEvents == 0;

    public BundleBreak? FirstBreak => Breaks.Count == 0 ? null : Breaks[0];
}

/// <summary>Recomputes every stream's hash chain from a bundle alone, with the server's own code
/// (<see cref="StreamChain"/>, <see cref="EventHash"/>), and checks the manifest against the events.</summary>
public static class BundleVerifier
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static BundleCheck Check(string path)
    {
        var clock = Stopwatch.StartNew();
        BundleHeader? header = null;
        BundleManifest? manifest = null;
        var chains = new Dictionary<Guid, StreamChain>();
        var breaks = new List<BundleBreak>();
        var problems = new List<string>();
        long events = 0, previousSequence = 0;
        foreach (var line in BundleLines.Read(path))
        {
            if (manifest is not null)
            {
                problems.Add($"line {line.Number}: nothing may follow the manifest");
                break;
            }

            switch (line.Kind)
            {
                case "bundle" when header is null:
                    header = line.Root.Deserialize<BundleHeader>(Json);
                    if (header?.Format != BundleFormat.Name)
                    {
                        problems.Add($"line {line.Number}: format '{header?.Format}' is not {BundleFormat.Name}");
                    }

                    break;
                case "manifest":
                    manifest = line.Root.Deserialize<BundleManifest>(Json);
                    break;
                case "event" when header is not null:
                    var e = new BundleEventLine(line);
                    events++;
                    var sequence = e.Sequence;
                    if (sequence <= previousSequence)
                    {
                        problems.Add($"{e.Describe()}: events must be in ascending sequence order");
                    }

                    previousSequence = sequence;
                    var stream = e.Stream;
                    if (!chains.TryGetValue(stream, out var chain))
                    {
                        chains[stream] = chain = new StreamChain(stream);
                    }

                    var intact = chain.Break is null;
                    chain.Add(e.Version, sequence, e.Type, e.Timestamp, e.Data, e.Metadata, e.Hash);
                    if (intact && chain.Break is { } broken)
                    {
                        breaks.Add(new BundleBreak(line.Number, broken));
                    }

                    break;
                default:
                    throw new BundleFormatException(header is null
                        ? $"line {line.Number}: a bundle starts with its header line (kind \"bundle\")"
                        : $"line {line.Number}: unexpected kind '{line.Kind}' (expected event or manifest)");
            }
        }

        var heads = chains.Values.Select(c => c.ToHead()).OrderBy(h => h.StreamId.ToString("D"), StringComparer.Ordinal).ToList();
        var anchor = EventHash.Anchor(heads);
        problems.AddRange(CompareManifest(header, manifest, events, heads, anchor));
        return new BundleCheck(header, manifest, events, chains.Count, chains.Values.Sum(c => c.Unhashed), breaks, problems, heads, anchor, clock.Elapsed.TotalSeconds);
    }

    private static IEnumerable<string> CompareManifest(BundleHeader? header, BundleManifest? manifest, long events, List<StreamHeadView> heads, string anchor)
    {
        if (header is null)
        {
            yield return "the bundle is empty";
            yield break;
        }

        if (manifest is null)
        {
            yield return "the bundle has no manifest line: it was cut short";
            yield break;
        }

        if (manifest.Study != header.Study)
        {
            yield return $"the manifest is of study '{manifest.Study}', the header of '{header.Study}'";
        }

        if (manifest.Events != events || manifest.Streams != heads.Count)
        {
            yield return $"the manifest lists {manifest.Events} events in {manifest.Streams} streams; the bundle holds {events} in {heads.Count}";
        }

        var listed = manifest.Heads.ToDictionary(h => h.StreamId);
        foreach (var head in heads.Where(h => !listed.TryGetValue(h.StreamId, out var l) || l != h))
        {
            yield return $"stream {head.StreamId}: the manifest's head is not version {head.Version} with hash {head.Hash}";
        }

        if (manifest.Anchor != anchor)
        {
            yield return $"the manifest's anchor {manifest.Anchor} is not the anchor of the events, {anchor}";
        }
    }
}
