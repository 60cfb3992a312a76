using Tracker.Contracts.Notifications;

namespace Tracker.Server.Studies.Live;

/// <summary>This node's fan-out of study notifications to whoever listens here (dashboard circuits, tests).</summary>
public sealed class LiveUpdates
{
    public event Action<StudyChanged>? Changed;

    public void Raise(StudyChanged change) => Changed?.Invoke(change);
}
