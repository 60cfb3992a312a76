namespace Tracker.Scaling.Fitting;

/// <summary>k and E free per size: ordinary least squares per size in log space, or a 1-D search per size on linear L.</summary>
internal static class FreeKSolver
{
    public static SolveOutcome Solve(FitData d, FitObjective objective)
    {
        var s = GroupStats.Compute(d);
        int g = d.G, p = 2 * g;
        var theta = new double[p];
        var names = new string[p];
        var k = new double[g];
        var e = new double[g];
        var alpha = new double[g][];
        var beta = new double[g][];
        var lin = objective == FitObjective.LinearEqualWeightPerSize ? new LinearObjective(d) : null;
        for (int j = 0; j < g; j++)
        {
            if (s[j].Cxx <= 0)
            {
                return SolveOutcome.Fail($"size {d.Sizes[j]:G4} has fewer than two distinct X values, so its own slope k cannot be estimated");
            }

            k[j] = -s[j].Cxy / s[j].Cxx;
            e[j] = s[j].My + (k[j] * s[j].Mx);
            if (lin is not null)
            {
                int jj = j;
                double k0 = k[j];
                var (kb, _, atBound) = Minimize1D.GridThenGolden(kk => lin.GroupSse(jj, kk, out _), k0 - 0.25, k0 + 0.25, 101, 1e-12);
                if (atBound || double.IsNaN(kb))
                {
                    return SolveOutcome.Fail($"the linear-L slope search for size {d.Sizes[j]:G4} found no interior optimum");
                }

                k[j] = kb;
                lin.GroupSse(j, kb, out e[j]);
            }

            theta[2 * j] = k[j];
            theta[(2 * j) + 1] = e[j];
            names[2 * j] = $"k[{d.Sizes[j]:G4}]";
            names[(2 * j) + 1] = $"E[{d.Sizes[j]:G4}]";
            alpha[j] = new double[p];
            alpha[j][2 * j] = -1;
            beta[j] = new double[p];
            beta[j][(2 * j) + 1] = 1;
        }

        return new ModelSolution(names, theta, k, e, alpha, beta);
    }
}
