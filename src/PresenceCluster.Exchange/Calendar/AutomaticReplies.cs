namespace PresenceCluster.Exchange.Calendar;

/// <summary>A mailbox's automatic replies (out of office), whichever backend read them.</summary>
/// <param name="Status">Off, on, or on within a window.</param>
/// <param name="Start">The window's start, when scheduled.</param>
/// <param name="End">The window's end, when scheduled.</param>
/// <param name="InternalMessage">The reply to people in the organisation (HTML or text), which presence shows as the OOF note.</param>
public sealed record class AutomaticReplies(AutomaticRepliesStatus Status, DateTimeOffset? Start, DateTimeOffset? End, string? InternalMessage);

/// <summary>Whether automatic replies are on.</summary>
public enum AutomaticRepliesStatus
{
    /// <summary>Off.</summary>
    Disabled,

    /// <summary>On until turned off.</summary>
    AlwaysEnabled,

    /// <summary>On between a start and an end.</summary>
    Scheduled,
}
