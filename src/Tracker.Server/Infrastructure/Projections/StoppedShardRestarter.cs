using JasperFx;

namespace Tracker.Server.Infrastructure.Projections;

/// <summary>Gives a shard that Marten stopped because of a failure back to Marten's coordinator, which then starts
/// it again from its last committed position on the node holding its lock.
/// Why: Marten pauses a shard on most failures and its coordinator restarts paused shards (every
/// HealthCheckPollingTime), but a ProgressionProgressOutOfOrderException — the shard's progression row was not where
/// the agent expected, because another agent advanced it (two nodes briefly both believing they hold a HotCold lock
/// after a PostgreSQL restart) or because a page was dropped — stops it instead, and the coordinator leaves a stopped
/// agent alone for good. Removing the agent is what the coordinator itself does with a paused shard it cannot
/// restart (EjectPausedShard): on its next poll it starts the shard only if this node holds the shard's lock, so this
/// never runs a shard twice. Agents stopped on purpose (a stop, a rebuild) carry no failure and are not touched.</summary>
public sealed class StoppedShardRestarter(LocalDaemon local, ProjectionPolicy policy, ILogger<StoppedShardRestarter> logger) : BackgroundService
{
    /// <summary>Marten's default HealthCheckPollingTime: a stopped shard is retried as soon as a paused one.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(policy.RetryPausedAfter ?? DefaultInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                ReleaseStoppedShards();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Checking for stopped projection shards failed; will check again");
            }
        }
    }

    /// <summary>The shards handed back, by identity.</summary>
    public IReadOnlyList<string> ReleaseStoppedShards()
    {
        var daemon = local.Daemon;
        if (daemon is null)
        {
            return [];
        }

        var released = new List<string>();
        foreach (var (identity, agent) in local.Agents())
        {
            if (agent.Status == AgentStatus.Stopped && agent.Failure is { } failure)
            {
                logger.LogWarning("Projection shard {Shard} was stopped at {Position} by {Failure}: {Message}; handing it back to the coordinator to restart",
                    identity, agent.Position, failure.ExceptionType, failure.Message);
                daemon.EjectPausedShard(identity);
                released.Add(identity);
            }
        }

        return released;
    }
}
