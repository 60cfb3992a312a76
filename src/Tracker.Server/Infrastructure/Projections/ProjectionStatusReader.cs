using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;

namespace Tracker.Server.Infrastructure.Projections;

/// <summary>Reads what the admin view shows: the shards from mt_event_progression (with the daemon's own view when
/// this node runs them), and the dead-letter table joined to the events it names.</summary>
public sealed class ProjectionStatusReader(IDocumentStore store, LocalDaemon daemon, ProjectionPolicy policy)
{
    public IReadOnlyList<ShardName> RegisteredShards() =>
        ((IEventStore)store).RegisteredShardNames().Where(s => !s.IsHighWaterMark).ToList();

    public async Task<ProjectionsView> ReadAsync(int offset, int limit, CancellationToken ct)
    {
        var progress = await store.Advanced.AllProjectionProgress(token: ct);
        var lastSequence = await LastSequenceAsync(ct);
        var counts = await DeadLetterCountsAsync(ct);
        var agents = daemon.Agents();
        var highWater = progress.FirstOrDefault(p => p.ShardName == ShardState.HighWaterMark)?.Sequence ?? 0;

        var shards = RegisteredShards()
            .Select(name => Describe(name, progress, agents, counts, lastSequence))
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        var deadLetters = await DeadLettersAsync(offset, limit, ct);
        return new ProjectionsView(policy.OnError.ToString(), highWater, lastSequence, shards, deadLetters);
    }

    public async Task<ShardView> ReadShardAsync(ShardName name, CancellationToken ct)
    {
        var progress = await store.Advanced.AllProjectionProgress(token: ct);
        var counts = await DeadLetterCountsAsync(ct);
        return Describe(name, progress, daemon.Agents(), counts, await LastSequenceAsync(ct));
    }

    private async Task<IReadOnlyList<DeadLetterShardCount>> DeadLetterCountsAsync(CancellationToken ct) =>
        store.Storage.Database is IEventDatabase events ? await events.FetchDeadLetterCountsAsync(ct) : [];

    private static ShardView Describe(
        ShardName name,
        IReadOnlyList<ShardState> progress,
        IReadOnlyDictionary<string, ISubscriptionAgent> agents,
        IReadOnlyList<DeadLetterShardCount> counts,
        long lastSequence)
    {
        var row = progress.FirstOrDefault(p => p.ShardName == name.Identity);
        var position = row?.Sequence ?? 0;
        var deadLetters = counts.Where(c => c.ProjectionName == name.Name && c.ShardKey == name.ShardKey).Sum(c => c.Count);

        // The daemon's live agent is the freshest truth; otherwise what the node running it last wrote.
        string state, source;
        ShardFailure? failure;
        if (agents.TryGetValue(name.Identity, out var agent))
        {
            (state, source, failure) = (StateName(agent.Status), "daemon", agent.Status == AgentStatus.Running ? null : agent.Failure);
            position = Math.Max(position, agent.Position);
        }
        else if (row?.AgentStatus is { Length: > 0 } status)
        {
            (state, source, failure) = (status.ToLowerInvariant(), "store", row.Failure);
        }
        else
        {
            (state, source, failure) = ("stopped", "none", null);
        }

        return new ShardView(name.Identity, name.Name, state, source, position, Math.Max(0, lastSequence - position),
            failure is null ? null : ToView(failure), deadLetters);
    }

    private static string StateName(AgentStatus status) => status switch
    {
        AgentStatus.Running => "running",
        AgentStatus.Paused => "paused",
        _ => "stopped",
    };

    private static ShardFailureView ToView(ShardFailure f) => new(
        f.Category.ToString(),
        f.Event?.Sequence,
        f.Event?.EventTypeName,
        f.Event?.StreamId?.ToString() ?? f.Event?.StreamKey,
        f.RootExceptionType ?? f.ExceptionType,
        f.Message,
        RootCause(f.Detail),
        f.OccurredAt);

    /// <summary>The innermost "Type: message" line of an exception's text: Detail is all Marten persists of it.</summary>
    private static string RootCause(string detail)
    {
        var inner = detail.LastIndexOf("---> ", StringComparison.Ordinal);
        var text = inner < 0 ? detail : detail[(inner + 5)..];
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? text : text[..end]).Trim();
    }

    private async Task<DeadLetterPage> DeadLettersAsync(int offset, int limit, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var total = await session.Query<DeadLetterEvent>().CountAsync(ct);
        var page = await session.Query<DeadLetterEvent>()
            .OrderByDescending(d => d.Timestamp)
            .ThenByDescending(d => d.EventSequence)
            .Skip(offset)
            .Take(limit)
            .ToListAsync(ct);
        var events = await EventsAsync(page.Select(d => d.EventSequence).Distinct().ToArray(), ct);
        var items = page.Select(d =>
        {
            var e = events.GetValueOrDefault(d.EventSequence);
            return new DeadLetteredEventView(e?.Id, d.EventSequence, e?.StreamId, e?.Type, d.ProjectionName, d.ProjectionName + ":" + d.ShardName,
                d.ExceptionType, d.ExceptionMessage, d.Timestamp);
        }).ToList();
        return new DeadLetterPage(total, offset, limit, items);
    }

    private sealed record StoredEvent(Guid Id, string StreamId, string Type);

    /// <summary>Id, stream and type straight from mt_events: the event's body may be what failed to deserialise.</summary>
    private async Task<Dictionary<long, StoredEvent>> EventsAsync(long[] sequences, CancellationToken ct)
    {
        var found = new Dictionary<long, StoredEvent>();
        if (sequences.Length == 0)
        {
            return found;
        }

        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select seq_id, id, stream_id::text, type from {store.Options.Events.DatabaseSchemaName}.mt_events where seq_id = any(@sequences)", connection);
        command.Parameters.AddWithValue("sequences", sequences);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found[reader.GetInt64(0)] = new StoredEvent(reader.GetGuid(1), reader.GetString(2), reader.GetString(3));
        }

        return found;
    }

    private async Task<long> LastSequenceAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        // seq_id is mt_events' key: max() is an index lookup, not a count.
        var rows = await session.AdvancedSql.QueryAsync<long>($"select coalesce(max(seq_id), 0) from {store.Options.Events.DatabaseSchemaName}.mt_events", ct);
        return rows.Count > 0 ? rows[0] : 0;
    }
}
