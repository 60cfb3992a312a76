namespace Tracker.Domain.Runs;

/// <summary>Order-independent 64-bit fingerprint of a batch of metric points: a retried request has the same one.</summary>
public static class MetricBatchFingerprint
{
    public static ulong Of(IReadOnlyList<MetricPoint> points)
    {
        ulong sum = 0;
        foreach (var p in points)
        {
            var value = p.Value is { } v ? BitConverter.DoubleToUInt64Bits(v) : Fingerprint.Of(p.NonFinite ?? "");
            sum += Mix(Mix(Mix(Fingerprint.Of(p.Key), (ulong)p.Step), (ulong)p.Timestamp), value);
        }

        return Mix(sum, (ulong)points.Count);
    }

    private static ulong Mix(ulong h, ulong v)
    {
        var z = h ^ (v + 0x9E3779B97F4A7C15UL + (h << 6) + (h >> 2));
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
