using MathNet.Numerics.LinearAlgebra;

namespace Tracker.Scaling.Fitting;

/// <summary>Residual sums, goodness of fit and the Jacobian-based covariance of a solution.</summary>
internal sealed record Uncertainty(double[,] Cov, double Sse, double SseLog, int N, int Dof)
{
    /// <summary>Condition number (of the scaled normal matrix) above which the Jacobian is treated as singular.</summary>
    private const double MaxCondition = 1e12;

    public static (Uncertainty? Result, string? Failure) Compute(FitData d, ModelSolution s, FitObjective objective, CovarianceKind kind)
    {
        int p = s.P;
        var w = objective == FitObjective.LinearEqualWeightPerSize ? new LinearObjective(d).Weights : d.W;
        var a = new double[p, p];
        var m = new double[p, p];
        double sse = 0, sseLog = 0, ln10 = Math.Log(10);
        int n = 0;
        for (int g = 0; g < d.G; g++)
        {
            double s0 = 0, s1 = 0, s2 = 0, r0 = 0, r1 = 0, r2 = 0;
            for (int i = d.Start[g]; i < d.Start[g + 1]; i++)
            {
                if (w[i] == 0)
                {
                    continue;
                }

                n++;
                double lx = d.Lx[i], pred = (-s.K[g] * lx) + s.E[g], rl = d.Ly[i] - pred;
                double r = rl, sc = 1;
                if (objective == FitObjective.LinearEqualWeightPerSize)
                {
                    double pl = Math.Pow(10, pred);
                    r = d.L[i] - pl;
                    sc = pl * ln10;
                }

                double ws = w[i] * sc * sc, ms = w[i] * w[i] * r * r * sc * sc;
                s0 += ws;
                s1 += ws * lx;
                s2 += ws * lx * lx;
                r0 += ms;
                r1 += ms * lx;
                r2 += ms * lx * lx;
                sse += w[i] * r * r;
                sseLog += w[i] * rl * rl;
            }

            AddOuter(a, s.Alpha[g], s.Beta[g], s0, s1, s2);
            AddOuter(m, s.Alpha[g], s.Beta[g], r0, r1, r2);
        }

        int dof = n - p;
        if (dof <= 0)
        {
            return (null, $"{n} points for {p} parameters: at least {p + 1} are needed");
        }

        var (inv, failure) = ScaledInverse(a, s.Names);
        if (inv is null)
        {
            return (null, failure);
        }

        Matrix<double> cov = kind == CovarianceKind.Classic
            ? inv * (sse / dof)
            : inv * Matrix<double>.Build.DenseOfArray(m) * inv * ((double)n / dof);
        return (new Uncertainty(cov.ToArray(), sse, sseLog, n, dof), null);
    }

    /// <summary>Adds Σ over the group of (α·lx + β)(α·lx + β)ᵀ, given the group's sums of 1, lx and lx².</summary>
    private static void AddOuter(double[,] target, double[] alpha, double[] beta, double s0, double s1, double s2)
    {
        int p = alpha.Length;
        for (int i = 0; i < p; i++)
        {
            if (alpha[i] == 0 && beta[i] == 0)
            {
                continue;
            }

            for (int j = 0; j < p; j++)
            {
                target[i, j] += (s2 * alpha[i] * alpha[j]) + (s1 * ((alpha[i] * beta[j]) + (beta[i] * alpha[j]))) + (s0 * beta[i] * beta[j]);
            }
        }
    }

    private static (Matrix<double>? Inverse, string? Failure) ScaledInverse(double[,] a, string[] names)
    {
        int p = names.Length;
        var scale = new double[p];
        for (int i = 0; i < p; i++)
        {
            if (!(a[i, i] > 0) || !double.IsFinite(a[i, i]))
            {
                return (null, $"singular Jacobian: parameter {names[i]} has no effect on the fit");
            }

            scale[i] = 1 / Math.Sqrt(a[i, i]);
        }

        var scaled = Matrix<double>.Build.Dense(p, p, (i, j) => a[i, j] * scale[i] * scale[j]);
        var sv = scaled.Svd(computeVectors: false).S;
        double cond = sv[0] / sv[p - 1];
        if (!(cond < MaxCondition))
        {
            return (null, $"singular Jacobian: the parameters cannot be told apart by these data (condition number {cond:G3})");
        }

        var d = Matrix<double>.Build.DenseOfDiagonalArray(scale);
        return (d * scaled.Inverse() * d, null);
    }
}
