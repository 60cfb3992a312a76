using JasperFx;
using JasperFx.Events.Projections;

namespace Tracker.Server.Infrastructure.Projections;

public abstract record ResumeOutcome
{
    public sealed record Resumed(ShardView Shard) : ResumeOutcome;

    public sealed record UnknownShard(string Detail) : ResumeOutcome;

    public sealed record NotRunHere(string Detail) : ResumeOutcome;
}

/// <summary>Restarts a paused or stopped shard through Marten's daemon (StartAgentAsync), from its last committed
/// position: with the cause fixed it catches up; if the event still fails, the policy applies again.</summary>
public sealed class ProjectionResumer(ProjectionStatusReader reader, LocalDaemon local, ILogger<ProjectionResumer> logger)
{
    public async Task<ResumeOutcome> ResumeAsync(string shard, CancellationToken ct)
    {
        var known = reader.RegisteredShards();
        var name = known.FirstOrDefault(s => string.Equals(s.Identity, shard, StringComparison.OrdinalIgnoreCase));
        if (name is null)
        {
            return new ResumeOutcome.UnknownShard(
                $"no async projection or subscription shard is named '{shard}'; the shards are {string.Join(", ", known.Select(s => s.Identity))}");
        }

        // Starting a shard on a node without the daemon would run it twice (HotCold gives it to one node only).
        var daemon = local.Daemon;
        var agents = local.Agents();
        if (daemon is null || agents.Count == 0)
        {
            return new ResumeOutcome.NotRunHere(
                $"this node does not run the async daemon (Tracker:Daemon=Disabled, or under HotCold another node holds it); send the resume to the node that runs {name.Identity}");
        }

        if (!agents.TryGetValue(name.Identity, out var agent) || agent.Status != AgentStatus.Running)
        {
            logger.LogWarning("Resuming projection shard {Shard} (was {Status}) at an admin's request", name.Identity, agent?.Status.ToString() ?? "not started");
            await daemon.StartAgentAsync(name.Identity, ct);
        }

        return new ResumeOutcome.Resumed(await reader.ReadShardAsync(name, ct));
    }
}
