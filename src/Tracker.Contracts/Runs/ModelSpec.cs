namespace Tracker.Contracts.Runs;

/// <summary>The model being post-trained. <see cref="Parameters"/> is N, the nominal parameter count.</summary>
public sealed record ModelSpec(string? Family = null, double? Parameters = null, string? Variant = null);
