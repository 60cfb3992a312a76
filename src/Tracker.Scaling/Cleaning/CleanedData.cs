namespace Tracker.Scaling.Cleaning;

/// <summary>
/// The outcome of cleaning: the points a fit uses, in canonical order (size, step, run), and every excluded point with its reason.
/// Holds flat arrays so fits on millions of points do not allocate per point.
/// </summary>
public sealed class CleanedData
{
    private IReadOnlyList<CleanedPoint>? _points;

    internal CleanedData(CleaningOptions options, int inputCount, double[] sizes, string[] runIds, CleanedArrays a, IReadOnlyList<ExcludedPoint> excluded)
    {
        Options = options;
        InputCount = inputCount;
        Sizes = sizes;
        RunIds = runIds;
        Arrays = a;
        Excluded = excluded;
    }

    public CleaningOptions Options { get; }

    public int InputCount { get; }

    /// <summary>Distinct sizes with at least one used point, ascending.</summary>
    public IReadOnlyList<double> Sizes { get; }

    /// <summary>All run ids that contributed, ordinal order.</summary>
    public IReadOnlyList<string> RunIds { get; }

    public IReadOnlyList<ExcludedPoint> Excluded { get; }

    public int Count => Arrays.Size.Length;

    /// <summary>Used points (built on first access).</summary>
    public IReadOnlyList<CleanedPoint> Points => _points ??= BuildPoints();

    internal CleanedArrays Arrays { get; }

    private CleanedPoint[] BuildPoints()
    {
        var a = Arrays;
        var result = new CleanedPoint[a.Size.Length];
        for (int i = 0; i < result.Length; i++)
        {
            int from = a.MemberStart[i], to = a.MemberStart[i + 1];
            var ids = new SortedSet<string>(StringComparer.Ordinal);
            for (int m = from; m < to; m++)
            {
                ids.Add(RunIds[a.MemberRun[m]]);
            }

            result[i] = new CleanedPoint(string.Join('+', ids), Sizes[a.Size[i]], a.Step[i], a.X[i], a.L[i], to - from, a.LStd[i], a.Tau[i], a.Reward[i]);
        }

        return result;
    }
}

/// <summary>Flat storage. Point i averages members MemberStart[i] .. MemberStart[i+1]-1 (one member when runs are kept apart).</summary>
internal sealed class CleanedArrays
{
    public required int[] Size { get; init; }
    public required int[] Step { get; init; }
    public required double[] X { get; init; }
    public required double[] L { get; init; }
    public required double[] LStd { get; init; }
    public required double?[] Tau { get; init; }
    public required double?[] Reward { get; init; }
    public required int[] MemberStart { get; init; }
    public required int[] MemberRun { get; init; }
    public required double[] MemberX { get; init; }
    public required double[] MemberL { get; init; }
}
