namespace Tracker.Web.Live;

/// <summary>What the live indicator shows.</summary>
public enum LiveState
{
    /// <summary>Prerendered or not yet subscribed.</summary>
    Connecting,

    /// <summary>Subscribed; the page shows the newest data it was told about.</summary>
    Live,

    /// <summary>A change arrived and the page is re-reading.</summary>
    Updating,

    /// <summary>The last re-read failed; the page shows older data.</summary>
    Stale,
}
