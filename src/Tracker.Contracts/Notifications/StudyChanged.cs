namespace Tracker.Contracts.Notifications;

/// <summary>A compact notification that something of a study changed; every server node receives it and updates
/// its dashboard circuits. At-least-once: receivers treat a repeat as a refresh.</summary>
public sealed record StudyChanged(string Study, string Kind, Guid? RunId, long Sequence, DateTimeOffset At)
{
    public const string RunProgressed = "run-progressed";
    public const string FitComputed = "fit-computed";
    public const string WarningRaised = "warning-raised";
    public const string WarningCleared = "warning-cleared";
    public const string MappingChanged = "mapping-changed";
}
