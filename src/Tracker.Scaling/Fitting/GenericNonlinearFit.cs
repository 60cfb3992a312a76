using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using Tracker.Scaling.Cleaning;

namespace Tracker.Scaling.Fitting;

/// <summary>Result of the generic all-parameter fit (reference only).</summary>
public sealed record GenericFitResult(bool Succeeded, string? Reason, double Kmax, double N0, IReadOnlyList<double> E, IReadOnlyList<double> StandardErrors, int Iterations);

/// <summary>
/// The paper's way, for comparison and benchmarks: generic nonlinear least squares over all 2 + G parameters
/// (MathNet Levenberg–Marquardt on log10 L with an analytic Jacobian), started from the paper's p0 (Kmax 0.5, N0 7e9, E 0.1).
/// It builds an n × (2 + G) Jacobian every iteration, so it scales badly with n; use <see cref="ScalingFitter"/> instead.
/// </summary>
public static class GenericNonlinearFit
{
    public static GenericFitResult Fit(CleanedData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Sizes.Count < 2 || data.Count <= data.Sizes.Count + 2)
        {
            return new GenericFitResult(false, "needs two sizes and more points than parameters", double.NaN, double.NaN, [], [], 0);
        }

        var d = FitData.From(data);
        int n = d.Count, gN = d.G, p = gN + 2;
        var group = new int[n];
        for (int g = 0; g < gN; g++)
        {
            Array.Fill(group, g, d.Start[g], d.Start[g + 1] - d.Start[g]);
        }

        var lgN = d.Sizes.Select(Math.Log10).ToArray();
        double ln10 = Math.Log(10);
        // The model's "x" is the row index; it reads lx and the size from the closure.
        var rows = Vector<double>.Build.Dense(n, i => i);
        var y = Vector<double>.Build.DenseOfArray(d.Ly);

        Vector<double> Model(Vector<double> th, Vector<double> x)
        {
            var r = Vector<double>.Build.Dense(x.Count);
            for (int j = 0; j < x.Count; j++)
            {
                int i = (int)x[j], g = group[i];
                r[j] = (-th[0] * SolveContext.Fraction(lgN[g], th[1]) * d.Lx[i]) + th[2 + g];
            }

            return r;
        }

        Matrix<double> Jacobian(Vector<double> th, Vector<double> x)
        {
            var jm = Matrix<double>.Build.Dense(x.Count, p);
            for (int j = 0; j < x.Count; j++)
            {
                int i = (int)x[j], g = group[i];
                double a = SolveContext.Fraction(lgN[g], th[1]);
                jm[j, 0] = -a * d.Lx[i];
                jm[j, 1] = th[0] * a * (1 - a) * ln10 * d.Lx[i];
                jm[j, 2 + g] = 1;
            }

            return jm;
        }

        var start = Vector<double>.Build.Dense(p, i => i == 0 ? 0.5 : i == 1 ? Math.Log10(7e9) : 0.1);
        try
        {
            var obj = ObjectiveFunction.NonlinearModel(Model, Jacobian, rows, y);
            var r = new LevenbergMarquardtMinimizer(maximumIterations: 500).FindMinimum(obj, start);
            var th = r.MinimizingPoint;
            return new GenericFitResult(true, null, th[0], Math.Pow(10, th[1]), [.. th.Skip(2)], [.. r.StandardErrors], r.Iterations);
        }
        catch (Exception ex) when (ex is MaximumIterationsException or ArgumentException or InvalidOperationException)
        {
            return new GenericFitResult(false, ex.Message, double.NaN, double.NaN, [], [], 0);
        }
    }
}
