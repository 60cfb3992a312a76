using MassTransit;
using Tracker.Contracts.Notifications;

namespace Tracker.Server.Studies.Live;

/// <summary>Sends one page's study notifications to every node. A seam of its own so that a test can make the
/// transport fail or hang the way RabbitMQ does when the broker goes away.</summary>
public interface IStudyChangePublisher
{
    Task PublishAsync(IReadOnlyCollection<StudyChanged> notes, CancellationToken cancellationToken);
}

public sealed class BusStudyChangePublisher(IBus bus) : IStudyChangePublisher
{
    public Task PublishAsync(IReadOnlyCollection<StudyChanged> notes, CancellationToken cancellationToken) =>
        bus.PublishBatch(notes, cancellationToken);
}
