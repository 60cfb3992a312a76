using JasperFx.Events.Daemon;

namespace Tracker.Server.Infrastructure.Projections;

/// <summary>This node's async daemon, if it runs one. Under HotCold only the node holding the daemon lock has agents;
/// with Tracker:Daemon=Disabled there is no coordinator.</summary>
public sealed class LocalDaemon(IServiceProvider services)
{
    public IProjectionDaemon? Daemon => services.GetService<IProjectionCoordinator>()?.DaemonForMainDatabase();

    /// <summary>The agents running or paused here, by shard identity (e.g. RunCurve:All).</summary>
    public IReadOnlyDictionary<string, ISubscriptionAgent> Agents()
    {
        var agents = Daemon?.CurrentAgents() ?? [];
        return agents.ToDictionary(a => a.Name.Identity, StringComparer.Ordinal);
    }
}
