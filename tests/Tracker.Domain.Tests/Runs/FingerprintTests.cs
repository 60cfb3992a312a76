using CsCheck;
using Tracker.Contracts.Runs;
using Tracker.Domain.Runs;

namespace Tracker.Domain.Tests.Runs;

public sealed class FingerprintTests
{
    private static readonly DateTimeOffset SomeTime = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void MetricsGiveTheSameFingerprintWhateverTheDictionaryInsertionOrder()
    {
        var gen =
            from step in Generators.Step
            from names in Generators.MetricName.ArrayUnique[1, 12]
            from values in Generators.Finite.Array[names.Length]
            from order in Gen.Shuffle(Enumerable.Range(0, names.Length).ToArray())
            select (step, names, values, order);

        gen.Sample((step, names, values, order) =>
        {
            var inOrder = new Dictionary<string, double>();
            for (var i = 0; i < names.Length; i++)
            {
                inOrder[names[i]] = values[i];
            }

            var shuffled = new Dictionary<string, double>();
            foreach (var i in order)
            {
                shuffled[names[i]] = values[i];
            }

            // A removed entry leaves a free slot that the next insertion reuses: another enumeration order again.
            var withHole = new Dictionary<string, double> { ["\u0000hole"] = 0 };
            foreach (var i in order.Reverse())
            {
                withHole[names[i]] = values[i];
            }

            withHole.Remove("\u0000hole");
            var sorted = new SortedDictionary<string, double>(inOrder, StringComparer.Ordinal);

            var expected = Fingerprint.Of(step with { Metrics = inOrder });
            Assert.Equal(expected, Fingerprint.Of(step with { Metrics = shuffled }));
            Assert.Equal(expected, Fingerprint.Of(step with { Metrics = withHole }));
            Assert.Equal(expected, Fingerprint.Of(step with { Metrics = sorted }));
        });
    }

    [Fact]
    public void AStepFingerprintChangesWhenAnyFieldChanges()
    {
        Gen.Select(Generators.Step, Gen.Int[0, StepMutations - 1], Generators.Finite, Gen.Bool, Generators.MetricName)
            .Sample(
                (step, field, value, toNull, name) =>
                {
                    var changed = Mutate(step, field, value, toNull, name);

                    Assert.NotEqual(Generators.Print(step), Generators.Print(changed)); // the mutation really changed something
                    Assert.NotEqual(Fingerprint.Of(step), Fingerprint.Of(changed));
                },
                iter: 2_000,
                print: t => $"{Generators.Print(t.Item1)} field {t.Item2} value {t.Item3:R} toNull {t.Item4} name '{t.Item5}'");
    }

    [Fact]
    public void AnEvaluationFingerprintChangesWhenAnyFieldChanges()
    {
        Gen.Select(Generators.Evaluation, Gen.Int[0, 4], Gen.Double[0, 1], Gen.Int[1, 10_000])
            .Sample(
                (evaluation, field, passAt1, problems) =>
                {
                    var changed = field switch
                    {
                        0 => evaluation with { Step = evaluation.Step + 1 },
                        1 => evaluation with { Dataset = evaluation.Dataset + "x" },
                        2 => evaluation with { PassAt1 = passAt1 != evaluation.PassAt1 ? passAt1 : 1 - (passAt1 / 2) },
                        3 => evaluation with { Problems = problems != evaluation.Problems ? problems : problems + 1 },
                        _ => evaluation with { Problems = evaluation.Problems is null ? problems : null },
                    };

                    Assert.NotEqual(evaluation, changed);
                    Assert.NotEqual(Fingerprint.Of(evaluation), Fingerprint.Of(changed));
                },
                iter: 1_000);
    }

    [Fact]
    public void EqualCopiesHaveEqualFingerprints()
    {
        Generators.Step.Sample(step => Assert.Equal(Fingerprint.Of(step), Fingerprint.Of(Generators.Copy(step))));
        Generators.Evaluation.Sample(e => Assert.Equal(Fingerprint.Of(e), Fingerprint.Of(e with { Dataset = new string(e.Dataset.ToCharArray()) })));
    }

    [Fact]
    public void MetricValuesSwappedBetweenNamesChangeTheFingerprint()
    {
        var a = new StepData(1, Metrics: new Dictionary<string, double> { ["kl"] = 1, ["entropy"] = 2 });
        var b = new StepData(1, Metrics: new Dictionary<string, double> { ["kl"] = 2, ["entropy"] = 1 });

        Assert.NotEqual(Fingerprint.Of(a), Fingerprint.Of(b));
    }

    [Fact]
    public void AValueMovedToAnotherFieldChangesTheFingerprint()
    {
        Assert.NotEqual(Fingerprint.Of(new StepData(1, Reward: 0.5)), Fingerprint.Of(new StepData(1, Loss: 0.5)));
        Assert.NotEqual(Fingerprint.Of(new StepData(1, Tokens: 10)), Fingerprint.Of(new StepData(1, Samples: 10)));
        Assert.NotEqual(Fingerprint.Of(new StepData(1, Reward: 0)), Fingerprint.Of(new StepData(1)));
    }

    [Fact]
    public void TheSameInstantInAnotherOffsetIsTheSameTime()
    {
        var utc = new StepData(1, SomeTime);
        var paris = new StepData(1, SomeTime.ToOffset(TimeSpan.FromHours(1)));

        Assert.Equal(Fingerprint.Of(utc), Fingerprint.Of(paris));
    }

    [Fact]
    public void NoMetricsAndAnEmptyMetricsObjectAreTheSame() =>
        Assert.Equal(Fingerprint.Of(new StepData(3)), Fingerprint.Of(new StepData(3, Metrics: new Dictionary<string, double>())));

    private const int StepMutations = 12;

    private static StepData Mutate(StepData s, int field, double value, bool toNull, string name) => field switch
    {
        0 => s with { Step = s.Step + 1 },
        1 => s with { Time = s.Time is { } t ? t.AddTicks(1) : SomeTime },
        2 => s with { Time = s.Time is null ? SomeTime : null },
        3 => s with { Reward = Other(s.Reward, value, toNull) },
        4 => s with { Loss = Other(s.Loss, value, toNull) },
        5 => s with { Tokens = Other(s.Tokens, value, toNull) },
        6 => s with { Flops = Other(s.Flops, value, toNull) },
        7 => s with { Samples = Other(s.Samples, value, toNull) },
        8 => ChangeMetricValue(s, value),
        9 => s with { Metrics = With(s.Metrics, m => m[Absent(m, name)] = value) },
        10 => s.Metrics is { Count: > 0 } metrics ? s with { Metrics = With(metrics, m => m.Remove(m.Keys.First())) } : s with { Metrics = new Dictionary<string, double> { [name] = value } },
        11 => s.Metrics is { Count: > 0 } renamed
            ? s with { Metrics = With(renamed, m => { var (k, v) = m.First(); m.Remove(k); m[Absent(m, name + k)] = v; }) }
            : s with { Metrics = new Dictionary<string, double> { [name] = value } },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    private static double? Other(double? old, double value, bool toNull) =>
        old is not { } o ? value
        : toNull ? null
        : value != o ? value
        : o + 1;

    private static StepData ChangeMetricValue(StepData s, double value)
    {
        if (s.Metrics is not { Count: > 0 } metrics)
        {
            return s with { Metrics = new Dictionary<string, double> { ["m"] = value } };
        }

        var key = metrics.Keys.Last();
        return s with { Metrics = With(metrics, m => m[key] = (double)Other(m[key], value, toNull: false)!) };
    }

    private static Dictionary<string, double> With(IReadOnlyDictionary<string, double>? metrics, Action<Dictionary<string, double>> change)
    {
        var copy = metrics?.ToDictionary(kv => kv.Key, kv => kv.Value) ?? [];
        change(copy);
        return copy;
    }

    private static string Absent(Dictionary<string, double> metrics, string name)
    {
        while (metrics.ContainsKey(name))
        {
            name += "'";
        }

        return name;
    }
}
