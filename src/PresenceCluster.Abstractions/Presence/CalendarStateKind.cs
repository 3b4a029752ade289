namespace PresenceCluster.Presence;

/// <summary>The kind of calendar state a server-side source publishes.</summary>
[GenerateSerializer, Alias("PresenceCluster.CalendarStateKind")]
public enum CalendarStateKind
{
    /// <summary>In a meeting (Busy, activity <c>in-a-meeting</c>).</summary>
    InMeeting = 0,

    /// <summary>Out of office (activity <c>out-of-office</c>; availability unchanged).</summary>
    OutOfOffice = 1,
}
