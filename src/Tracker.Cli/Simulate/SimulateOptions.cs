namespace Tracker.Cli.Simulate;

[Flags]
public enum Variants
{
    Base = 1,
    Instruct = 2,
    Both = Base | Instruct,
}

/// <summary>What to simulate. The defaults give the demo: both variants, three seeds, 105 steps, under a minute.</summary>
public sealed record SimulateOptions
{
    public string Study { get; init; } = "sim";

    public Variants Sweep { get; init; } = Variants.Both;

    /// <summary>Repeated runs per size (and per τ); run seeds are Seed, Seed + 1, ….</summary>
    public int Seeds { get; init; } = 3;

    public int Seed { get; init; } = 1;

    /// <summary>Steps of a size-sweep run (the paper's 105); a reuse run has 100/105 of it, as in the paper.</summary>
    public int Steps { get; init; } = 105;

    public bool Reuse { get; init; }

    /// <summary>Pace multiplier: 2 runs twice as fast as the default.</summary>
    public double Speed { get; init; } = 1;
}
