namespace Tracker.Scaling.Cleaning;

/// <summary>Validates, sorts canonically, averages and clips points (science.md §2). Point order in the input never matters.</summary>
public static class PointCleaner
{
    private const int MaxRuns = 1 << 20;
    private const int MaxSizes = 1 << 11;

    public static CleanedData Clean(IEnumerable<ScalingPoint> points, CleaningOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        options ??= CleaningOptions.Default;
        var input = points as IReadOnlyList<ScalingPoint> ?? points.ToArray();
        var excluded = new List<ExcludedPoint>();
        var (valid, f) = Validate(input, options, excluded);

        var sizeOf = Distinct(f.N, valid.Count, Comparer<double>.Default, out var sizes);
        var runOf = Distinct(f.RunId, valid.Count, StringComparer.Ordinal, out var runIds);
        if (sizes.Length >= MaxSizes || runIds.Length >= MaxRuns)
        {
            throw new ArgumentException($"At most {MaxSizes - 1} sizes and {MaxRuns - 1} runs are supported.", nameof(points));
        }

        var raw = SortAndDedupe(input, valid, f, sizeOf, runOf, options.AverageRuns, excluded);
        var grouped = Group(raw, options.AverageRuns);
        var kept = Clip(grouped, raw, input, options, excluded);
        var arrays = Compact(kept, grouped, raw, out var usedSizes, sizes);

        excluded.Sort(CompareExcluded);
        return new CleanedData(options, input.Count, usedSizes, runIds, arrays, excluded);
    }

    /// <summary>Checks every point and copies the fields of the valid ones into dense arrays (one pass over the records).</summary>
    private static (List<int> Valid, Fields F) Validate(IReadOnlyList<ScalingPoint> input, CleaningOptions o, List<ExcludedPoint> excluded)
    {
        HashSet<double>? mask = o.Sizes is null ? null : [.. o.Sizes];
        var valid = new List<int>(input.Count);
        var f = new Fields(input.Count);
        for (int i = 0; i < input.Count; i++)
        {
            var p = input[i];
            var (reason, detail) = Check(p, o, mask);
            if (reason is null)
            {
                int k = valid.Count;
                (f.N[k], f.RunId[k], f.Step[k], f.X[k], f.L[k], f.Tau[k], f.Reward[k]) = (p.N, p.RunId, p.Step, p.X, p.L, p.Tau, p.Reward);
                valid.Add(i);
            }
            else
            {
                excluded.Add(new ExcludedPoint(p, reason.Value, detail!));
            }
        }

        return (valid, f);
    }

    private static (ExclusionReason?, string?) Check(ScalingPoint p, CleaningOptions o, HashSet<double>? mask)
    {
        if (!double.IsFinite(p.N) || !double.IsFinite(p.X) || !double.IsFinite(p.L)
            || (p.Tau is { } t && !double.IsFinite(t)) || (p.Reward is { } r && !double.IsFinite(r)))
        {
            return (ExclusionReason.NonFinite, "a value (N, X, L, τ or reward) is NaN or infinite");
        }

        if (p.N <= 0)
        {
            return (ExclusionReason.NonPositiveSize, $"N = {p.N} is not positive");
        }

        if (p.Step < 0)
        {
            return (ExclusionReason.NegativeStep, $"step {p.Step} is negative");
        }

        if (p.Step == 0)
        {
            return (ExclusionReason.StepZero, "step 0 is the evaluation before training; log X is undefined there");
        }

        if (p.X <= 0)
        {
            return (ExclusionReason.NonPositiveX, $"X = {p.X} is not positive, so log10 X is undefined");
        }

        if (p.L <= 0)
        {
            return (ExclusionReason.LossNotAboveZero, $"L = {p.L} ≤ 0, so log10 L is undefined");
        }

        if (p.L >= 1)
        {
            return (ExclusionReason.LossNotBelowOne, $"L = {p.L} ≥ 1 is outside the law's range (0, 1)");
        }

        if (mask is not null && !mask.Contains(p.N))
        {
            return (ExclusionReason.NotInFitSizes, $"size {p.N:G4} is not among the sizes selected for the fit");
        }

        if ((o.MinStep is { } lo && p.Step < lo) || (o.MaxStep is { } hi && p.Step > hi))
        {
            return (ExclusionReason.OutsideStepRange, $"step {p.Step} is outside [{o.MinStep?.ToString() ?? "-∞"}, {o.MaxStep?.ToString() ?? "∞"}]");
        }

        return (null, null);
    }

    private static int[] Distinct<T>(T[] keys, int count, IComparer<T> comparer, out T[] values)
        where T : notnull
    {
        var index = new Dictionary<T, int>();
        var of = new int[count];
        for (int i = 0; i < count; i++)
        {
            var k = keys[i];
            if (!index.TryGetValue(k, out int id))
            {
                id = index.Count;
                index.Add(k, id);
            }

            of[i] = id;
        }

        // Re-number in sorted order so that ids do not depend on input order.
        values = [.. index.Keys];
        Array.Sort(values, comparer);
        var rank = new int[values.Length];
        for (int r = 0; r < values.Length; r++)
        {
            rank[index[values[r]]] = r;
        }

        for (int i = 0; i < of.Length; i++)
        {
            of[i] = rank[of[i]];
        }

        return of;
    }

    private static RawPoints SortAndDedupe(IReadOnlyList<ScalingPoint> input, List<int> valid, Fields f, int[] sizeOf, int[] runOf, bool average, List<ExcludedPoint> excluded)
    {
        int n = valid.Count;
        var keys = new long[n];
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            long size = sizeOf[i], run = runOf[i], step = f.Step[i];
            keys[i] = average ? (size << 52) | (step << 20) | run : (size << 52) | (run << 31) | step;
            order[i] = i;
        }

        Array.Sort(keys, order);
        var (steps, xs, ls, taus, rewards) = (f.Step, f.X, f.L, f.Tau, f.Reward);
        var raw = new RawPoints(n);
        for (int i = 0; i < n;)
        {
            int j = i + 1;
            while (j < n && keys[j] == keys[i])
            {
                j++;
            }

            int first = order[i];
            if (j - i == 1)
            {
                raw.Add(valid[first], sizeOf[first], runOf[first], steps[first], xs[first], ls[first], taus[first], rewards[first]);
                i = j;
                continue;
            }

            // Duplicates of one (run, step): order them by value so the mean does not depend on input order.
            Array.Sort(order, i, j - i, Comparer<int>.Create((a, b) => CompareValues(input[valid[a]], input[valid[b]])));
            first = order[i];
            for (int d = i + 1; d < j; d++)
            {
                var p = input[valid[order[d]]];
                excluded.Add(new ExcludedPoint(p, ExclusionReason.Duplicate,
                    $"run {p.RunId} has {j - i} rows at step {p.Step}; they were averaged into one point"));
            }

            double x = 0, l = 0, tau = 0, reward = 0;
            bool hasTau = true, hasReward = true;
            for (int d = i; d < j; d++)
            {
                int k = order[d];
                x += xs[k];
                l += ls[k];
                hasTau &= taus[k].HasValue;
                hasReward &= rewards[k].HasValue;
                tau += taus[k] ?? 0;
                reward += rewards[k] ?? 0;
            }

            int c = j - i;
            raw.Add(valid[first], sizeOf[first], runOf[first], steps[first], x / c, l / c, hasTau ? tau / c : null, hasReward ? reward / c : null);
            i = j;
        }

        return raw;
    }

    private static List<(int Start, int End)> Group(RawPoints raw, bool average)
    {
        var groups = new List<(int, int)>(raw.Count);
        for (int i = 0; i < raw.Count;)
        {
            int j = i + 1;
            while (average && j < raw.Count && raw.Size[j] == raw.Size[i] && raw.Step[j] == raw.Step[i])
            {
                j++;
            }

            groups.Add((i, j));
            i = j;
        }

        return groups;
    }

    private static List<int> Clip(List<(int Start, int End)> groups, RawPoints raw, IReadOnlyList<ScalingPoint> input, CleaningOptions o, List<ExcludedPoint> excluded)
    {
        var kept = new List<int>(groups.Count);
        for (int c = 0; c < groups.Count;)
        {
            // A curve is one size (averaged) or one (size, run); groups inside it are already in step order.
            int e = c + 1;
            var (s0, _) = groups[c];
            while (e < groups.Count && raw.Size[groups[e].Start] == raw.Size[s0]
                   && (o.AverageRuns || raw.Run[groups[e].Start] == raw.Run[s0]))
            {
                e++;
            }

            for (int g = c; g < e; g++)
            {
                bool warm = g - c < o.WarmupClipRows, tail = e - g <= o.EndingClipRows;
                if (!warm && !tail)
                {
                    kept.Add(g);
                    continue;
                }

                var (reason, what) = warm ? (ExclusionReason.WarmupClip, $"warm-up clip: among the first {o.WarmupClipRows} rows of its curve")
                                          : (ExclusionReason.EndingClip, $"ending clip: among the last {o.EndingClipRows} rows of its curve");
                for (int m = groups[g].Start; m < groups[g].End; m++)
                {
                    excluded.Add(new ExcludedPoint(input[raw.Source[m]], reason, what));
                }
            }

            c = e;
        }

        return kept;
    }

    private static CleanedArrays Compact(List<int> kept, List<(int Start, int End)> groups, RawPoints raw, out double[] usedSizes, double[] sizes)
    {
        var sizeMap = new int[sizes.Length];
        Array.Fill(sizeMap, -1);
        var used = new List<double>();
        foreach (int g in kept)
        {
            int s = raw.Size[groups[g].Start];
            if (sizeMap[s] < 0)
            {
                sizeMap[s] = used.Count;
                used.Add(sizes[s]);
            }
        }

        usedSizes = [.. used];
        int n = kept.Count, members = 0;
        foreach (int g in kept)
        {
            members += groups[g].End - groups[g].Start;
        }

        var a = new CleanedArrays
        {
            Size = new int[n], Step = new int[n], X = new double[n], L = new double[n], LStd = new double[n],
            Tau = new double?[n], Reward = new double?[n], MemberStart = new int[n + 1],
            MemberRun = new int[members], MemberX = new double[members], MemberL = new double[members],
        };

        int mi = 0;
        for (int k = 0; k < n; k++)
        {
            var (start, end) = groups[kept[k]];
            a.MemberStart[k] = mi;
            double x = 0, l = 0, tau = 0, reward = 0;
            bool hasTau = true, hasReward = true;
            for (int m = start; m < end; m++, mi++)
            {
                a.MemberRun[mi] = raw.Run[m];
                a.MemberX[mi] = raw.X[m];
                a.MemberL[mi] = raw.L[m];
                x += raw.X[m];
                l += raw.L[m];
                hasTau &= raw.Tau[m].HasValue;
                hasReward &= raw.Reward[m].HasValue;
                tau += raw.Tau[m] ?? 0;
                reward += raw.Reward[m] ?? 0;
            }

            int c = end - start;
            double meanL = l / c, ss = 0;
            for (int m = start; m < end; m++)
            {
                ss += (raw.L[m] - meanL) * (raw.L[m] - meanL);
            }

            a.Size[k] = sizeMap[raw.Size[start]];
            a.Step[k] = raw.Step[start];
            a.X[k] = x / c;
            a.L[k] = meanL;
            a.LStd[k] = c > 1 ? Math.Sqrt(ss / (c - 1)) : 0;
            a.Tau[k] = hasTau ? tau / c : null;
            a.Reward[k] = hasReward ? reward / c : null;
        }

        a.MemberStart[n] = mi;
        return a;
    }

    private static int CompareValues(ScalingPoint a, ScalingPoint b)
    {
        int c = a.X.CompareTo(b.X);
        if (c == 0) c = a.L.CompareTo(b.L);
        if (c == 0) c = Nullable.Compare(a.Tau, b.Tau);
        if (c == 0) c = Nullable.Compare(a.Reward, b.Reward);
        return c;
    }

    private static int CompareExcluded(ExcludedPoint a, ExcludedPoint b)
    {
        int c = a.Point.N.CompareTo(b.Point.N);
        if (c == 0) c = string.CompareOrdinal(a.Point.RunId, b.Point.RunId);
        if (c == 0) c = a.Point.Step.CompareTo(b.Point.Step);
        if (c == 0) c = CompareValues(a.Point, b.Point);
        if (c == 0) c = a.Reason.CompareTo(b.Reason);
        return c;
    }

    /// <summary>Fields of the valid points, in input order.</summary>
    private sealed class Fields(int capacity)
    {
        public double[] N { get; } = new double[capacity];
        public string[] RunId { get; } = new string[capacity];
        public int[] Step { get; } = new int[capacity];
        public double[] X { get; } = new double[capacity];
        public double[] L { get; } = new double[capacity];
        public double?[] Tau { get; } = new double?[capacity];
        public double?[] Reward { get; } = new double?[capacity];
    }

    /// <summary>Deduplicated points in key order (flat arrays; Count of them used).</summary>
    private sealed class RawPoints(int capacity)
    {
        public int[] Source { get; } = new int[capacity];
        public int[] Size { get; } = new int[capacity];
        public int[] Run { get; } = new int[capacity];
        public int[] Step { get; } = new int[capacity];
        public double[] X { get; } = new double[capacity];
        public double[] L { get; } = new double[capacity];
        public double?[] Tau { get; } = new double?[capacity];
        public double?[] Reward { get; } = new double?[capacity];

        public int Count { get; private set; }

        public void Add(int source, int size, int run, int step, double x, double l, double? tau, double? reward)
        {
            int i = Count++;
            (Source[i], Size[i], Run[i], Step[i], X[i], L[i], Tau[i], Reward[i]) = (source, size, run, step, x, l, tau, reward);
        }
    }
}
