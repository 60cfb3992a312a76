using System.Globalization;
using System.Text.Json;
using Tracker.Contracts.Runs;
using Tracker.Scaling;
using Tracker.Scaling.Synthetic;

namespace Tracker.Cli.Simulate;

/// <summary>The jobs of a simulation, computed up front and deterministically: each run's data depends only on its
/// name (the generators are seeded from it), so two invocations that share a run name send identical data and the
/// server stores it once.</summary>
public static class SimulationPlan
{
    public const string Dataset = "holdout";
    public const int HeldOutProblems = 500;
    public const double ReuseN = 7e9;

    /// <summary>τ of the paper's data-reuse sweep (science.md §5).</summary>
    public static IReadOnlyList<double> ReuseTaus { get; } = [1, 2, 5, 20, 25, 50, 100];

    public static IReadOnlyList<SimulatedJob> Create(SimulateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var jobs = new List<SimulatedJob>();
        foreach (var variant in Selected(options.Sweep))
        {
            foreach (var n in PaperFits.SizesN)
            {
                for (var r = 0; r < options.Seeds; r++)
                {
                    jobs.Add(SizeRun(options, variant, n, options.Seed + r));
                }
            }
        }

        if (options.Reuse)
        {
            foreach (var variant in Selected(options.Sweep))
            {
                foreach (var tau in ReuseTaus)
                {
                    for (var r = 0; r < options.Seeds; r++)
                    {
                        jobs.Add(ReuseRun(options, variant, tau, options.Seed + r));
                    }
                }
            }
        }

        return jobs;
    }

    public static string StudyFor(SimulateOptions options, Variants variant, bool reuse) =>
        $"{options.Study}-{(reuse ? "reuse-" : "")}{VariantName(variant)}";

    /// <summary>Qwen2.5-7B, Qwen2.5-0.5B-Instruct …</summary>
    public static string ModelName(double n, Variants variant) =>
        $"Qwen2.5-{Size(n)}" + (variant == Variants.Instruct ? "-Instruct" : "");

    private static SimulatedJob SizeRun(SimulateOptions options, Variants variant, double n, int runSeed)
    {
        var law = variant == Variants.Instruct ? PaperFits.InstructCompute : PaperFits.BaseCompute;
        var name = $"sim-{VariantName(variant)}-{Size(n)}-seed{runSeed}";
        var seed = StableSeed(name);
        // The law is on cumulative compute: each step's tokens are the generator's compute increment / (6·N), so
        // the C the server derives from tokens is the X the generator drew L at.
        var points = SyntheticSweep.Generate(new SweepSpec
        {
            Law = law,
            Sizes = [n],
            Runs = 1,
            Seed = seed,
            Steps = options.Steps,
            IncludeStepZero = true,
            TokensPerSequence = TrainingMetrics.TokensPerSequence,
        });
        var size = law.For(n);
        var rng = new Random(seed);
        var steps = new List<SimulatedStep>(points.Count);
        var previousX = 0.0;
        foreach (var p in points.OrderBy(p => p.Step))
        {
            StepData? data = null;
            if (p.Step > 0)
            {
                var tokens = Math.Round((p.X - previousX) / (6 * n));
                // Training prompts run easy to hard (the paper's curriculum), so reward drifts down as skill rises.
                var reward = Clamp01(1 - size.PredictLoss(p.X) + (0.15 * (1 - ((double)p.Step / options.Steps))) + (0.02 * TrainingMetrics.Gaussian(rng)));
                data = Step(rng, p.Step, n, tokens, reward);
            }

            previousX = p.X;
            steps.Add(new SimulatedStep(p.Step, data, Evaluation(p.Step, p.L)));
        }

        var registration = Registration(options, variant, name, n, runSeed, tau: null, uniqueSamples: null, law.Name);
        return Job(options, StudyFor(options, variant, reuse: false), registration, n, seed, steps);
    }

    private static SimulatedJob ReuseRun(SimulateOptions options, Variants variant, double tau, int runSeed)
    {
        var law = variant == Variants.Instruct ? PaperFits.InstructData : PaperFits.BaseData;
        var name = $"sim-reuse-{VariantName(variant)}-{Size(ReuseN)}-tau{tau.ToString("G", CultureInfo.InvariantCulture)}-seed{runSeed}";
        var seed = StableSeed(name);
        // The paper holds total prompts at 51,200 (100 steps) for every τ; keep that proportion to the size sweep.
        var stepCount = Math.Max(1, (int)Math.Round(options.Steps * 100.0 / 105));
        var points = SyntheticReuseSweep.Generate(new ReuseSweepSpec
        {
            Law = law,
            N = ReuseN,
            Taus = [tau],
            Runs = 1,
            Seed = seed,
            Steps = stepCount,
            OverfitOnsetStep = (int)Math.Round(stepCount * 0.4),
            OverfitSlope = 0.001 * 100 / stepCount,
            IncludeReward = true,
            IncludeStepZero = true,
        });
        var rng = new Random(seed);
        var steps = points
            .OrderBy(p => p.Step)
            .Select(p => new SimulatedStep(
                p.Step,
                p.Step > 0 ? Step(rng, p.Step, ReuseN, TrainingMetrics.Tokens(rng), Clamp01(p.Reward ?? 0)) : null,
                Evaluation(p.Step, p.L)))
            .ToList();
        var unique = Math.Max(1L, (long)stepCount * TrainingMetrics.PromptsPerStep / (long)tau);
        var registration = Registration(options, variant, name, ReuseN, runSeed, tau, unique, law.Name);
        return Job(options, StudyFor(options, variant, reuse: true), registration, ReuseN, seed, steps);
    }

    private static StepData Step(Random rng, long step, double n, double tokens, double reward)
    {
        var loss = TrainingMetrics.PolicyLoss(rng);
        return new StepData(step, Reward: reward, Loss: loss, Tokens: tokens, Metrics: TrainingMetrics.For(rng, step, n, tokens, reward, loss));
    }

    // pass@1 on 500 problems is a multiple of 1/500.
    private static EvaluationData Evaluation(long step, double loss) =>
        new(step, Dataset, Math.Round(Clamp01(1 - loss) * HeldOutProblems) / HeldOutProblems, HeldOutProblems);

    private static RegisterRunRequest Registration(SimulateOptions options, Variants variant, string name, double n, int runSeed, double? tau, long? uniqueSamples, string law)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["simulated"] = "true",
            ["sweep"] = tau is null ? "size" : "reuse",
            ["variant"] = VariantName(variant),
            ["seed"] = runSeed.ToString(CultureInfo.InvariantCulture),
        };
        if (tau is { } t)
        {
            tags["tau"] = t.ToString("G", CultureInfo.InvariantCulture);
        }

        // The shape of a veRL config, so the run page shows what a real job would send.
        var config = JsonSerializer.SerializeToElement(new Dictionary<string, object>
        {
            ["simulated"] = true,
            ["law"] = law,
            ["algorithm"] = new Dictionary<string, object> { ["adv_estimator"] = "grpo" },
            ["data"] = new Dictionary<string, object> { ["train_batch_size"] = TrainingMetrics.PromptsPerStep, ["shuffle"] = false },
            ["actor_rollout_ref"] = new Dictionary<string, object>
            {
                ["model"] = new Dictionary<string, object> { ["path"] = "Qwen/" + ModelName(n, variant) },
                ["rollout"] = new Dictionary<string, object> { ["n"] = TrainingMetrics.RolloutN, ["temperature"] = 1.0 },
                ["actor"] = new Dictionary<string, object> { ["optim"] = new Dictionary<string, object> { ["lr"] = 1e-6 }, ["kl_loss_coef"] = 0.001 },
            },
        });
        return new RegisterRunRequest(
            StudyFor(options, variant, tau is not null),
            name,
            Model: new ModelSpec(ModelName(n, variant), n, VariantName(variant)),
            Training: new TrainingSpec(TrainingMetrics.PromptsPerStep, TrainingMetrics.RolloutN, uniqueSamples),
            Config: config,
            Tags: tags);
    }

    private static SimulatedJob Job(SimulateOptions options, string study, RegisterRunRequest registration, double n, int seed, List<SimulatedStep> steps)
    {
        // Larger models take longer per step; at speed 1 the 72B runs (the slowest) take about 40 s.
        var stepSeconds = (0.1 + (0.04 * Math.Log2(n / 0.5e9))) / options.Speed;
        // Workers do not all start at the same instant: spread the starts over two seconds (at speed 1).
        var startSeconds = (seed % 1000) / 1000.0 * 2 / options.Speed;
        return new SimulatedJob(study, registration, TimeSpan.FromSeconds(startSeconds), TimeSpan.FromSeconds(stepSeconds), steps);
    }

    private static IEnumerable<Variants> Selected(Variants sweep) =>
        new[] { Variants.Base, Variants.Instruct }.Where(v => sweep.HasFlag(v));

    private static string VariantName(Variants variant) => variant == Variants.Instruct ? "instruct" : "base";

    private static string Size(double n) => (n / 1e9).ToString("G4", CultureInfo.InvariantCulture) + "B";

    private static double Clamp01(double x) => Math.Clamp(x, 0, 1);

    /// <summary>FNV-1a of the run name: string.GetHashCode is randomised per process.</summary>
    internal static int StableSeed(string name)
    {
        var h = 2166136261u;
        foreach (var c in name)
        {
            h = (h ^ c) * 16777619u;
        }

        return (int)(h & 0x7FFFFFFF);
    }
}
