using Tracker.Contracts.Runs;

namespace Tracker.Domain.Runs;

/// <summary>64-bit fingerprints of what a client posted, to tell a retried duplicate from a conflicting re-post.
/// Only client-supplied values count, so a retry that again omits a field stays a duplicate.</summary>
public static class Fingerprint
{
    private const ulong Seed = 14695981039346656037UL;

    public static ulong Of(StepData s)
    {
        var h = Mix(Seed, (ulong)s.Step);
        h = Mix(h, s.Time is { } t ? (ulong)t.UtcTicks : 0x9E3779B97F4A7C15UL);
        h = Mix(h, Bits(s.Reward));
        h = Mix(h, Bits(s.Loss));
        h = Mix(h, Bits(s.Tokens));
        h = Mix(h, Bits(s.Flops));
        h = Mix(h, Bits(s.Samples));
        if (s.Metrics is { Count: > 0 } metrics)
        {
            // Order-independent: a sum of per-entry hashes, so dictionaries in any order agree.
            ulong sum = 0;
            foreach (var (key, value) in metrics)
            {
                sum += Mix(Of(key), BitConverter.DoubleToUInt64Bits(value));
            }

            h = Mix(h, sum ^ (ulong)metrics.Count);
        }

        return h;
    }

    public static ulong Of(EvaluationData e) =>
        Mix(Mix(Mix(Mix(Seed, (ulong)e.Step), Of(e.Dataset)), BitConverter.DoubleToUInt64Bits(e.PassAt1)), (ulong)(e.Problems ?? -1));

    public static ulong Of(string text)
    {
        var h = Seed;
        foreach (var c in text)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return Mix(h, (ulong)text.Length);
    }

    private static ulong Bits(double? value) => value is { } v ? BitConverter.DoubleToUInt64Bits(v) : 0x7FF8DEADBEEF0001UL;

    // splitmix64 finaliser over the running hash: good avalanche at a few cycles per value.
    private static ulong Mix(ulong h, ulong v)
    {
        var z = h ^ (v + 0x9E3779B97F4A7C15UL + (h << 6) + (h >> 2));
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
