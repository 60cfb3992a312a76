using System.Globalization;
using System.Text;
using Tracker.Scaling;
using Tracker.Scaling.Synthetic;

namespace Tracker.Server.Tests.Import;

/// <summary>CSV files in the format of the paper's extract_csv.py, drawn from the paper's committed fits.</summary>
public static class PaperCsvFiles
{
    public const string Header =
        "model_size,model_params,data_sample_size,experiment_name,experiment_id,runid,slice_factor,rollout_n,step,"
        + "val/test_score/math__math,overall_pass1,response_length,tokens,step_flops,critic_rewards_mean,holdout_score,"
        + "cumulative_tokens,cumulative_flops";

    /// <summary>Every size of <paramref name="law"/> (a compute law) × <paramref name="runs"/> runs × steps 0..steps,
    /// with the pass@1 noise of a 500-problem held-out set.</summary>
    public static string FromPaperFit(PaperFit law, int runs = 3, int steps = PaperFits.StepsPerRun, int seed = 1)
    {
        var points = SyntheticSweep.Generate(new SweepSpec { Law = law, Runs = runs, Steps = steps, Seed = seed, IncludeStepZero = true });
        var csv = new StringBuilder(Header).Append('\n');
        foreach (var run in points.GroupBy(p => p.RunId))
        {
            double cumulativeTokens = 0, previousX = 0;
            foreach (var p in run.OrderBy(p => p.Step))
            {
                var tokens = Math.Round((p.X - previousX) / (6 * p.N));
                var flops = 6 * p.N * tokens;
                cumulativeTokens += tokens;
                previousX = p.X;
                var score = Math.Clamp(1 - p.L, 0, 1);
                var runId = run.Key[(run.Key.LastIndexOf('-') + 1)..];
                csv.Append(Invariant($"{p.N / 1e9}B,{p.N},,{law.Variant}-exp1,{law.Name},{runId},0,,{p.Step},{score * 0.9},{score},900.5,{tokens},{flops},{score},{score},{cumulativeTokens},{p.X}"))
                    .Append('\n');
            }
        }

        return csv.ToString();
    }

    /// <summary>One run with many steps (tokens only), for batching.</summary>
    public static string LongRun(int steps, double n = 1.5e9)
    {
        var csv = new StringBuilder("model_params,runid,step,tokens,holdout_score\n");
        for (var s = 0; s <= steps; s++)
        {
            csv.Append(Invariant($"{n},long,{s},{(s == 0 ? 0 : 4_500_000)},{0.1 + (0.5 * s / steps):R}\n"));
        }

        return csv.ToString();
    }

    /// <summary>The file with line <paramref name="line"/> (1 = header) replaced.</summary>
    public static string ReplaceLine(string csv, int line, Func<string, string> replace)
    {
        var lines = csv.Split('\n');
        lines[line - 1] = replace(lines[line - 1]);
        return string.Join('\n', lines);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
