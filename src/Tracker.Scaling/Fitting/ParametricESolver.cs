namespace Tracker.Scaling.Fitting;

/// <summary>
/// k(N) saturating and E(N) = Emax·N/(N + N1), log objective. For fixed (N0, N1) the model is linear in (Kmax, Emax),
/// so only (log10 N0, log10 N1) are searched: a coarse grid, then Nelder–Mead.
/// </summary>
internal static class ParametricESolver
{
    public static SolveOutcome Solve(FitData d, SolveContext ctx)
    {
        var s = GroupStats.Compute(d);
        var lgN = d.Sizes.Select(Math.Log10).ToArray();

        double Profile(double l0, double l1, out double kmax, out double emax)
        {
            kmax = emax = double.NaN;
            if (l0 < ctx.Lo || l0 > ctx.Hi || l1 < ctx.Lo || l1 > ctx.Hi)
            {
                return double.PositiveInfinity;
            }

            double a11 = 0, a12 = 0, a22 = 0, r1 = 0, r2 = 0, syy = 0;
            for (int g = 0; g < s.Length; g++)
            {
                var t = s[g];
                double a = SolveContext.Fraction(lgN[g], l0), b = SolveContext.Fraction(lgN[g], l1);
                double sx = t.W * t.Mx, sy = t.W * t.My, sxx = t.Cxx + (t.W * t.Mx * t.Mx), sxy = t.Cxy + (t.W * t.Mx * t.My);
                a11 += a * a * sxx;
                a12 -= a * b * sx;
                a22 += b * b * t.W;
                r1 -= a * sxy;
                r2 += b * sy;
                syy += t.Cyy + (t.W * t.My * t.My);
            }

            double det = (a11 * a22) - (a12 * a12);
            if (!(Math.Abs(det) > 1e-300))
            {
                return double.PositiveInfinity;
            }

            kmax = ((a22 * r1) - (a12 * r2)) / det;
            emax = ((a11 * r2) - (a12 * r1)) / det;
            return Math.Max(syy - (kmax * r1) - (emax * r2), 0);
        }

        // Coarse grid over both log-sizes.
        int m = 41;
        double step = (ctx.Hi - ctx.Lo) / (m - 1), best = double.PositiveInfinity, b0 = 0, b1 = 0;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < m; j++)
            {
                double f = Profile(ctx.Lo + (i * step), ctx.Lo + (j * step), out _, out _);
                if (f < best)
                {
                    (best, b0, b1) = (f, ctx.Lo + (i * step), ctx.Lo + (j * step));
                }
            }
        }

        if (double.IsPositiveInfinity(best))
        {
            return SolveOutcome.Fail("the parametric E(N) model is singular for these sizes");
        }

        var x = Simplex.Minimize(v => Profile(v[0], v[1], out _, out _), [b0, b1], [step, step]);
        if (x is null)
        {
            return SolveOutcome.Fail("the parametric E(N) search did not converge");
        }

        double l0 = x[0], l1 = x[1];
        if (l0 - ctx.Lo < 1e-3 || ctx.Hi - l0 < 1e-3)
        {
            return SolveOutcome.Fail(ctx.BoundMessage("N0", l0));
        }

        if (l1 - ctx.Lo < 1e-3 || ctx.Hi - l1 < 1e-3)
        {
            return SolveOutcome.Fail(ctx.BoundMessage("N1", l1));
        }

        Profile(l0, l1, out double kmax, out double emax);
        int gN = d.G;
        var k = new double[gN];
        var e = new double[gN];
        var alpha = new double[gN][];
        var beta = new double[gN][];
        double ln10 = Math.Log(10);
        for (int g = 0; g < gN; g++)
        {
            double a = SolveContext.Fraction(lgN[g], l0), b = SolveContext.Fraction(lgN[g], l1);
            k[g] = kmax * a;
            e[g] = emax * b;
            alpha[g] = [-a, kmax * a * (1 - a) * ln10, 0, 0];
            beta[g] = [0, 0, b, -emax * b * (1 - b) * ln10];
        }

        return new ModelSolution(["Kmax", "log10N0", "Emax", "log10N1"], [kmax, l0, emax, l1], k, e, alpha, beta);
    }
}
