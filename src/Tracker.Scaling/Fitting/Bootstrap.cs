using MathNet.Numerics.Random;
using Tracker.Scaling.Cleaning;

namespace Tracker.Scaling.Fitting;

/// <summary>
/// Seeded bootstrap. Runs are drawn with replacement within each size and the per-(N, step) means are recomputed from
/// the drawn runs; the set of (N, step) slots kept by cleaning stays fixed. With one run per size it resamples points.
/// </summary>
internal static class Bootstrap
{
    public sealed record Draws(BootstrapMethod Method, List<ModelSolution> Solutions, int Requested, int Seed, string? Note);

    public static Draws Run(CleanedData c, FitData d, Func<FitData, SolveOutcome> solve, int resamples, int seed)
    {
        var a = c.Arrays;
        int n = d.Count, members = a.MemberRun.Length;
        // Local run index of every member within its size.
        var memberLocal = new int[members];
        var runsPerGroup = new int[d.G];
        var local = new int[c.RunIds.Count];
        for (int g = 0; g < d.G; g++)
        {
            Array.Fill(local, -1);
            int count = 0;
            for (int m = a.MemberStart[d.Start[g]]; m < a.MemberStart[d.Start[g + 1]]; m++)
            {
                int r = a.MemberRun[m];
                if (local[r] < 0)
                {
                    local[r] = count++;
                }

                memberLocal[m] = local[r];
            }

            runsPerGroup[g] = count;
        }

        var method = runsPerGroup.Max() >= 2 ? BootstrapMethod.Runs : BootstrapMethod.Points;
        string? note = method == BootstrapMethod.Points
            ? "every size has a single run, so points were resampled within each size"
            : runsPerGroup.Min() < 2 ? "some sizes have a single run and contribute no run-to-run variation" : null;

        var rng = new MersenneTwister(seed, threadSafe: false);
        var lx = new double[n];
        var ly = new double[n];
        var l = new double[n];
        var w = new double[n];
        var sample = new FitData(d.Sizes, d.Start, lx, ly, l, w);
        var counts = new int[d.G][];
        for (int g = 0; g < d.G; g++)
        {
            counts[g] = new int[runsPerGroup[g]];
        }

        var solutions = new List<ModelSolution>(resamples);
        for (int b = 0; b < resamples; b++)
        {
            if (method == BootstrapMethod.Runs)
            {
                DrawRuns(rng, counts);
                Reweight(c, d, memberLocal, counts, lx, ly, l, w);
            }
            else
            {
                DrawPoints(rng, d, lx, ly, l, w);
            }

            if (solve(sample).Solution is { } s)
            {
                solutions.Add(s);
            }
        }

        return new Draws(method, solutions, resamples, seed, note);
    }

    private static void DrawRuns(MersenneTwister rng, int[][] counts)
    {
        foreach (var cg in counts)
        {
            Array.Clear(cg);
            for (int t = 0; t < cg.Length; t++)
            {
                cg[rng.Next(cg.Length)]++;
            }
        }
    }

    private static void Reweight(CleanedData c, FitData d, int[] memberLocal, int[][] counts, double[] lx, double[] ly, double[] l, double[] w)
    {
        var a = c.Arrays;
        bool average = c.Options.AverageRuns;
        for (int g = 0; g < d.G; g++)
        {
            var cg = counts[g];
            for (int i = d.Start[g]; i < d.Start[g + 1]; i++)
            {
                double sw = 0, sx = 0, sl = 0;
                for (int m = a.MemberStart[i]; m < a.MemberStart[i + 1]; m++)
                {
                    int k = cg[memberLocal[m]];
                    sw += k;
                    sx += k * a.MemberX[m];
                    sl += k * a.MemberL[m];
                }

                if (sw == 0)
                {
                    w[i] = 0;
                    lx[i] = ly[i] = l[i] = 0;
                }
                else if (average)
                {
                    w[i] = 1;
                    l[i] = sl / sw;
                    lx[i] = Math.Log10(sx / sw);
                    ly[i] = Math.Log10(l[i]);
                }
                else
                {
                    // Kept apart: a run drawn twice counts twice.
                    w[i] = sw;
                    l[i] = d.L[i];
                    lx[i] = d.Lx[i];
                    ly[i] = d.Ly[i];
                }
            }
        }
    }

    private static void DrawPoints(MersenneTwister rng, FitData d, double[] lx, double[] ly, double[] l, double[] w)
    {
        Array.Copy(d.Lx, lx, lx.Length);
        Array.Copy(d.Ly, ly, ly.Length);
        Array.Copy(d.L, l, l.Length);
        Array.Clear(w);
        for (int g = 0; g < d.G; g++)
        {
            int from = d.Start[g], len = d.Start[g + 1] - from;
            for (int t = 0; t < len; t++)
            {
                w[from + rng.Next(len)]++;
            }
        }
    }
}
