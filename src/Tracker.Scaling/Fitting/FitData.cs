using Tracker.Scaling.Cleaning;

namespace Tracker.Scaling.Fitting;

/// <summary>Points grouped by size (contiguous ranges), in log space, with a weight per point (bootstrap multiplicity).</summary>
internal sealed class FitData
{
    public FitData(double[] sizes, int[] start, double[] lx, double[] ly, double[] l, double[] w)
    {
        Sizes = sizes;
        Start = start;
        Lx = lx;
        Ly = ly;
        L = l;
        W = w;
    }

    public double[] Sizes { get; }

    /// <summary>Group g is points Start[g] .. Start[g+1]-1.</summary>
    public int[] Start { get; }

    public double[] Lx { get; }

    public double[] Ly { get; }

    public double[] L { get; }

    public double[] W { get; }

    public int G => Sizes.Length;

    public int Count => Lx.Length;

    public static FitData From(CleanedData c)
    {
        var a = c.Arrays;
        int n = c.Count, g = c.Sizes.Count;
        var start = new int[g + 1];
        var lx = new double[n];
        var ly = new double[n];
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            start[a.Size[i] + 1]++;
            lx[i] = Math.Log10(a.X[i]);
            ly[i] = Math.Log10(a.L[i]);
            w[i] = 1;
        }

        for (int k = 0; k < g; k++)
        {
            start[k + 1] += start[k];
        }

        return new FitData([.. c.Sizes], start, lx, ly, (double[])a.L.Clone(), w);
    }

    /// <summary>Weighted count of group g.</summary>
    public double GroupWeight(int g)
    {
        double s = 0;
        for (int i = Start[g]; i < Start[g + 1]; i++)
        {
            s += W[i];
        }

        return s;
    }
}
