using Tracker.Scaling.Cleaning;
using Tracker.Scaling.Fitting;

namespace Tracker.Scaling.Extrapolation;

/// <summary>
/// k and E of an unseen size as functions of the trained parameters θ, so their uncertainty follows by the delta method
/// from the fit's covariance. Compensation adds the new size's own noise (σ²/m).
/// </summary>
internal sealed class NewSizeModel
{
    private readonly FitResult _fit;
    private readonly ModelSolution _s;
    private readonly double _n;
    private readonly double[] _gk;

    public NewSizeModel(FitResult fit, double n)
    {
        _fit = fit;
        _s = fit.Solution!;
        _n = n;
        double kmax = _s.Theta[0], l0 = _s.Theta[1], a = 1 / (1 + Math.Pow(10, l0 - Math.Log10(n)));
        K = kmax * a;
        _gk = new double[_s.P];
        _gk[0] = a;
        _gk[1] = -kmax * a * (1 - a) * Math.Log(10);
        KVariance = fit.Covariance!.Quadratic(_gk);
    }

    public double K { get; }

    public double KVariance { get; }

    /// <summary>E of the new size: its gradient over θ, variance independent of θ (new-size noise / m), and the observation noise.</summary>
    public sealed record EFit(EMethod Method, double Value, double[] Gradient, double ExtraVariance, double NoiseVariance, double Variance, string? Failure);

    public EFit Compensate(CleanedPoint[] pts)
    {
        // Least squares in log space with k fixed: E = mean(ly + k·lx) (as optimize_e072_compensation.py, unweighted).
        double m = pts.Length, mx = pts.Average(p => Math.Log10(p.X)), e = pts.Average(p => Math.Log10(p.L) + (K * Math.Log10(p.X)));
        double ss = pts.Sum(p => Math.Pow(Math.Log10(p.L) - ((-K * Math.Log10(p.X)) + e), 2));
        // The new size's own noise, when enough points estimate it; else the trained sizes' pooled residual variance.
        double noise = pts.Length >= 3 ? Math.Max(ss / (m - 1), _fit.ResidualVarianceLog10) : _fit.ResidualVarianceLog10;
        var grad = _gk.Select(g => g * mx).ToArray();
        double extra = noise / m;
        return new EFit(EMethod.Compensated, e, grad, extra, noise, _fit.Covariance!.Quadratic(grad) + extra, null);
    }

    public EFit ExtrapolateE()
    {
        double noise = _fit.ResidualVarianceLog10;
        if (_fit.Model == FitModel.ParametricE)
        {
            double emax = _s.Theta[2], l1 = _s.Theta[3], b = 1 / (1 + Math.Pow(10, l1 - Math.Log10(_n)));
            var g = new double[_s.P];
            g[2] = b;
            g[3] = -emax * b * (1 - b) * Math.Log(10);
            return new EFit(EMethod.Parametric, emax * b, g, 0, noise, _fit.Covariance!.Quadratic(g), null);
        }

        int last = _s.E.Length - 1;
        if (last < 1)
        {
            return new EFit(EMethod.LinearInLog10N, double.NaN, [], 0, noise, double.NaN, "E(N) extrapolation needs two trained sizes");
        }

        var sizes = _fit.Sizes;
        double la = Math.Log10(sizes[last - 1].N), lb = Math.Log10(sizes[last].N), r = (Math.Log10(_n) - lb) / (lb - la);
        double value = _s.E[last] + ((_s.E[last] - _s.E[last - 1]) * r);
        var grad = new double[_s.P];
        for (int i = 0; i < _s.P; i++)
        {
            grad[i] = (_s.Beta[last][i] * (1 + r)) - (_s.Beta[last - 1][i] * r);
        }

        return new EFit(EMethod.LinearInLog10N, value, grad, 0, noise, _fit.Covariance!.Quadratic(grad), null);
    }

    /// <summary>Predicted log10 L at lx and its standard error (parameters only, no observation noise).</summary>
    public (double Pred, double Se) Predict(double lx, EFit e)
    {
        var g = new double[_s.P];
        for (int i = 0; i < _s.P; i++)
        {
            g[i] = (-_gk[i] * lx) + e.Gradient[i];
        }

        return ((-K * lx) + e.Value, Math.Sqrt(_fit.Covariance!.Quadratic(g) + e.ExtraVariance));
    }
}
