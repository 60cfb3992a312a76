namespace Tracker.Server.Infrastructure.Messaging.DeadLetters;

/// <summary>A command message the run command consumer gave up on after its retries. MassTransit has moved the message
/// itself to the <c>run-commands_error</c> queue (headers MT-Fault-Message, MT-Fault-ExceptionType, …); this is what
/// an admin sees of it without broker access.</summary>
public sealed record DeadLetterView(
    string MessageType,
    Guid? MessageId,
    Guid? RunId,
    string Reason,
    string ExceptionType,
    DateTimeOffset FaultedAt,
    string? Host);

/// <summary>The last faults this node heard of (every node hears every fault: the fault consumer's queue is per node).
/// In memory and bounded: the broker's _error queue is the durable record, this is the window onto it.</summary>
public sealed class DeadLetterLog
{
    public const int Capacity = 500;

    private readonly LinkedList<DeadLetterView> _items = new();
    private readonly Lock _lock = new();
    private long _total;

    /// <summary>Faults heard since this node started, including those the window no longer holds.</summary>
    public long Total
    {
        get
        {
            lock (_lock)
            {
                return _total;
            }
        }
    }

    public void Add(DeadLetterView item)
    {
        lock (_lock)
        {
            // The same fault heard twice (redelivery of the fault message) is recorded once.
            if (item.MessageId is { } id && _items.Any(i => i.MessageId == id && i.MessageType == item.MessageType))
            {
                return;
            }

            _total++;
            _items.AddFirst(item);
            if (_items.Count > Capacity)
            {
                _items.RemoveLast();
            }
        }
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<DeadLetterView> Snapshot()
    {
        lock (_lock)
        {
            return [.. _items];
        }
    }
}
