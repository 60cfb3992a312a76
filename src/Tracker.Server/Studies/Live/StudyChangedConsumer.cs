using MassTransit;
using Tracker.Contracts.Notifications;

namespace Tracker.Server.Studies.Live;

/// <summary>Every node has its own temporary queue for notifications, so each one reaches every node's circuits.</summary>
public sealed class StudyChangedConsumer(LiveUpdates updates) : IConsumer<StudyChanged>
{
    public Task Consume(ConsumeContext<StudyChanged> context)
    {
        updates.Raise(context.Message);
        return Task.CompletedTask;
    }
}
