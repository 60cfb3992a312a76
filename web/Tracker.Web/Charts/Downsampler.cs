namespace Tracker.Web.Charts;

/// <summary>Picks which points of a long curve to draw, so a run with a million steps ships a few thousand points
/// to the browser and keeps its shape. Both return indices (sorted) so callers can carry other columns along.</summary>
public static class Downsampler
{
    /// <summary>Largest-Triangle-Three-Buckets: keeps first and last, and per bucket the point that spans the largest
    /// triangle with its neighbours. Good for smooth curves (loss against compute). Input sorted by x.</summary>
    public static int[] Lttb(IReadOnlyList<double> x, IReadOnlyList<double> y, int threshold)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var n = Math.Min(x.Count, y.Count);
        if (n <= threshold)
        {
            return Enumerable.Range(0, n).ToArray();
        }

        if (threshold < 3)
        {
            return [0, n - 1];
        }

        var keep = new int[threshold];
        keep[0] = 0;
        var every = (double)(n - 2) / (threshold - 2);
        var a = 0;
        for (var i = 0; i < threshold - 2; i++)
        {
            // Average of the next bucket is the third corner of the triangle.
            var nextStart = (int)Math.Floor((i + 1) * every) + 1;
            var nextEnd = Math.Min((int)Math.Floor((i + 2) * every) + 1, n);
            double avgX = 0, avgY = 0;
            for (var j = nextStart; j < nextEnd; j++)
            {
                avgX += x[j];
                avgY += y[j];
            }

            var count = Math.Max(nextEnd - nextStart, 1);
            avgX /= count;
            avgY /= count;

            var start = (int)Math.Floor(i * every) + 1;
            var end = (int)Math.Floor((i + 1) * every) + 1;
            double best = -1;
            var chosen = start;
            for (var j = start; j < end; j++)
            {
                var area = Math.Abs(((x[a] - avgX) * (y[j] - y[a])) - ((x[a] - x[j]) * (avgY - y[a])));
                if (area > best)
                {
                    best = area;
                    chosen = j;
                }
            }

            keep[i + 1] = chosen;
            a = chosen;
        }

        keep[threshold - 1] = n - 1;
        return keep;
    }

    /// <summary>Min and max per bucket of equal x width (plus each bucket's first and last point), in x order. Keeps
    /// spikes that LTTB can miss: right for noisy training metrics. Input sorted by x.</summary>
    public static int[] MinMax(IReadOnlyList<double> x, IReadOnlyList<double> y, int maxPoints)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var n = Math.Min(x.Count, y.Count);
        if (n <= maxPoints)
        {
            return Enumerable.Range(0, n).ToArray();
        }

        var buckets = Math.Max(maxPoints / 4, 1);
        double lo = x[0], width = (x[n - 1] - lo) / buckets;
        var keep = new List<int>(buckets * 4);
        var i = 0;
        for (var b = 0; b < buckets && i < n; b++)
        {
            var upper = b == buckets - 1 ? double.PositiveInfinity : lo + ((b + 1) * width);
            int first = i, min = i, max = i;
            while (i < n && x[i] < upper)
            {
                if (y[i] < y[min] || double.IsNaN(y[min]))
                {
                    min = i;
                }

                if (y[i] > y[max] || double.IsNaN(y[max]))
                {
                    max = i;
                }

                i++;
            }

            if (i == first)
            {
                continue;
            }

            keep.Add(first);
            keep.Add(min);
            keep.Add(max);
            keep.Add(i - 1);
        }

        return keep.Distinct().Order().ToArray();
    }
}
