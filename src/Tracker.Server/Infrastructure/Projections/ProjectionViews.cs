namespace Tracker.Server.Infrastructure.Projections;

/// <summary>GET /api/v1/admin/projections: the daemon's shards and a page of dead-lettered events.</summary>
/// <param name="OnError">This node's policy, DeadLetter or Pause.</param>
/// <param name="HighWaterMark">The daemon's high-water mark: every event up to it is visible to the shards.</param>
/// <param name="LastSequence">The highest committed event sequence in the store.</param>
public sealed record ProjectionsView(
    string OnError,
    long HighWaterMark,
    long LastSequence,
    IReadOnlyList<ShardView> Shards,
    DeadLetterPage DeadLetters);

/// <summary>One async projection or subscription shard.</summary>
/// <param name="State">running, paused or stopped.</param>
/// <param name="StateSource">daemon (this node runs the shard), store (the status the running node wrote to
/// mt_event_progression) or none (no node has reported on it: stopped).</param>
/// <param name="Position">The last event sequence the shard has processed.</param>
/// <param name="Lag">Events committed that the shard has not processed: LastSequence − Position.</param>
/// <param name="DeadLetters">Events of this shard in the dead-letter table.</param>
public sealed record ShardView(
    string Name,
    string Projection,
    string State,
    string StateSource,
    long Position,
    long Lag,
    ShardFailureView? Failure,
    long DeadLetters);

/// <summary>Why a shard is paused or stopped (Marten's classified failure).</summary>
/// <param name="Category">ApplyEvent, EventSerialization, UnknownEventType, ProgressionOutOfOrder or Other.</param>
/// <param name="Message">Marten's message, e.g. "Failure to apply event #42 …".</param>
/// <param name="Cause">The innermost exception, type and message: what the projection threw.</param>
public sealed record ShardFailureView(
    string Category,
    long? EventSequence,
    string? EventType,
    string? StreamId,
    string ExceptionType,
    string Message,
    string Cause,
    DateTimeOffset At);

public sealed record DeadLetterPage(long Total, int Offset, int Limit, IReadOnlyList<DeadLetteredEventView> Items);

/// <summary>An event a shard skipped under the DeadLetter policy (a row of mt_doc_deadletterevent joined to the
/// event). The event itself stays in the store; it is only missing from that shard's read model. Marten records its
/// own message ("Failure to apply event #42 …") and the type of the exception the projection threw; that
/// exception's message and stack are in the server log.</summary>
public sealed record DeadLetteredEventView(
    Guid? EventId,
    long Sequence,
    string? StreamId,
    string? EventType,
    string Projection,
    string Shard,
    string ExceptionType,
    string Message,
    DateTimeOffset At);
