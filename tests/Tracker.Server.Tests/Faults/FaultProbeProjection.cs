using JasperFx.Events;
using Marten.Events.Aggregation;
using Tracker.Domain.Runs;

namespace Tracker.Server.Tests.Faults;

/// <summary>What the probe projection keeps per run: the sequences of the events it applied.</summary>
public sealed class FaultProbe
{
    public Guid Id { get; set; }

    public List<long> Sequences { get; set; } = [];
}

/// <summary>Test-only: throws on the events the test arms it for, as a projection bug or a bad event would.</summary>
public sealed class FaultInjector
{
    private volatile Func<IEvent, bool>? _failOn;

    public void FailOn(Func<IEvent, bool> which) => _failOn = which;

    public void Clear() => _failOn = null;

    public void ThrowIfArmed(IEvent e)
    {
        if (_failOn?.Invoke(e) == true)
        {
            throw new InvalidOperationException($"injected projection fault on event {e.Sequence}");
        }
    }
}

/// <summary>A test-only async projection (shard FaultProbe:All), added to the server by the test alone.</summary>
public sealed class FaultProbeProjection : SingleStreamProjection<FaultProbe, Guid>
{
    public const string ShardName = "FaultProbe:All";

    private readonly FaultInjector _faults;

    public FaultProbeProjection(FaultInjector faults)
    {
        _faults = faults;
        Name = "FaultProbe";
    }

    public static FaultProbe Create(IEvent<RunRegistered> e) => new() { Id = e.StreamId, Sequences = [e.Sequence] };

    public void Apply(IEvent<StepsLogged> e, FaultProbe probe)
    {
        _faults.ThrowIfArmed(e);
        probe.Sequences.Add(e.Sequence);
    }
}
