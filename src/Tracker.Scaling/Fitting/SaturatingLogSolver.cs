namespace Tracker.Scaling.Fitting;

/// <summary>
/// Saturating k(N) on log10 L, fully profiled: for fixed N0 both E(N) (group means) and Kmax (a ratio of sums) are in
/// closed form, so only log10 N0 is searched, over O(G) sufficient statistics — independent of the number of points.
/// </summary>
internal static class SaturatingLogSolver
{
    public static SolveOutcome Solve(FitData d, SolveContext ctx)
    {
        var s = GroupStats.Compute(d);
        var lgN = d.Sizes.Select(Math.Log10).ToArray();
        double syy = s.Sum(g => g.Cyy);

        double Profile(double l0, out double kmax)
        {
            double num = 0, den = 0;
            for (int g = 0; g < s.Length; g++)
            {
                double a = SolveContext.Fraction(lgN[g], l0);
                num += a * s[g].Cxy;
                den += a * a * s[g].Cxx;
            }

            kmax = den > 0 ? -num / den : double.NaN;
            return den > 0 ? syy - (num * num / den) : double.PositiveInfinity;
        }

        var (l0, _, atBound) = Minimize1D.GridThenGolden(l => Profile(l, out _), ctx.Lo, ctx.Hi, ctx.Grid);
        if (double.IsNaN(l0))
        {
            return SolveOutcome.Fail("no size has two distinct X values, so the slope k cannot be estimated");
        }

        if (atBound)
        {
            return SolveOutcome.Fail(ctx.BoundMessage("N0", l0));
        }

        Profile(l0, out double kmax);
        return Build(d.Sizes, lgN, s, kmax, l0);
    }

    internal static ModelSolution Build(double[] sizes, double[] lgN, GroupStats[] s, double kmax, double l0)
    {
        int g = sizes.Length, p = 2 + g;
        var names = new string[p];
        names[0] = "Kmax";
        names[1] = "log10N0";
        var theta = new double[p];
        theta[0] = kmax;
        theta[1] = l0;
        var k = new double[g];
        var e = new double[g];
        var alpha = new double[g][];
        var beta = new double[g][];
        for (int j = 0; j < g; j++)
        {
            double a = SolveContext.Fraction(lgN[j], l0);
            k[j] = kmax * a;
            e[j] = s[j].My + (k[j] * s[j].Mx);
            theta[2 + j] = e[j];
            names[2 + j] = $"E[{sizes[j]:G4}]";
            alpha[j] = new double[p];
            alpha[j][0] = -a;
            alpha[j][1] = kmax * a * (1 - a) * Math.Log(10);
            beta[j] = new double[p];
            beta[j][2 + j] = 1;
        }

        return new ModelSolution(names, theta, k, e, alpha, beta);
    }
}
