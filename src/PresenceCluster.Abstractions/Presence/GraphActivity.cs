namespace PresenceCluster.Presence;

/// <summary>Activity as Microsoft Graph names it.</summary>
[GenerateSerializer, Alias("PresenceCluster.GraphActivity")]
public enum GraphActivity
{
    /// <summary>Unknown.</summary>
    PresenceUnknown = 0,

    /// <summary>Available.</summary>
    Available = 1,

    /// <summary>Away.</summary>
    Away = 2,

    /// <summary>Be right back.</summary>
    BeRightBack = 3,

    /// <summary>Busy.</summary>
    Busy = 4,

    /// <summary>Do not disturb.</summary>
    DoNotDisturb = 5,

    /// <summary>On a call.</summary>
    InACall = 6,

    /// <summary>In a conference call.</summary>
    InAConferenceCall = 7,

    /// <summary>Inactive (idle).</summary>
    Inactive = 8,

    /// <summary>In a meeting.</summary>
    InAMeeting = 9,

    /// <summary>Offline.</summary>
    Offline = 10,

    /// <summary>Off work.</summary>
    OffWork = 11,

    /// <summary>Out of office.</summary>
    OutOfOffice = 12,

    /// <summary>Presenting.</summary>
    Presenting = 13,

    /// <summary>Urgent interruptions only.</summary>
    UrgentInterruptionsOnly = 14,
}
