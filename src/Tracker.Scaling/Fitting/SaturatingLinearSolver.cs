namespace Tracker.Scaling.Fitting;

/// <summary>Saturating k(N) on linear L (paper objective): Nelder–Mead over (Kmax, log10 N0) from the log-space solution, E(N) profiled.</summary>
internal static class SaturatingLinearSolver
{
    public static SolveOutcome Solve(FitData d, SolveContext ctx, ModelSolution? start)
    {
        if (start is null)
        {
            var log = SaturatingLogSolver.Solve(d, ctx);
            if (log.Solution is null)
            {
                return log;
            }

            start = log.Solution;
        }

        var obj = new LinearObjective(d);
        var lgN = d.Sizes.Select(Math.Log10).ToArray();

        double F(double kmax, double l0)
        {
            if (l0 < ctx.Lo || l0 > ctx.Hi)
            {
                return double.PositiveInfinity;
            }

            double sse = 0;
            for (int g = 0; g < d.G; g++)
            {
                sse += obj.GroupSse(g, kmax * SolveContext.Fraction(lgN[g], l0), out _);
            }

            return sse;
        }

        var x = Simplex.Minimize(v => F(v[0], v[1]), [start.Theta[0], start.Theta[1]], [Math.Max(Math.Abs(start.Theta[0]) * 0.2, 1e-3), 0.25]);
        if (x is null)
        {
            return SolveOutcome.Fail("the linear-L search did not converge");
        }

        double kmax = x[0], l0 = x[1];
        if (!double.IsFinite(F(kmax, l0)))
        {
            return SolveOutcome.Fail("the linear-L objective is not finite near the optimum");
        }

        if (l0 - ctx.Lo < 1e-3 || ctx.Hi - l0 < 1e-3)
        {
            return SolveOutcome.Fail(ctx.BoundMessage("N0", l0));
        }

        var sol = SaturatingLogSolver.Build(d.Sizes, lgN, GroupStats.Compute(d), kmax, l0);
        for (int g = 0; g < d.G; g++)
        {
            obj.GroupSse(g, sol.K[g], out double e);
            sol.E[g] = e;
            sol.Theta[2 + g] = e;
        }

        return sol;
    }
}
