namespace PresenceCluster.Presence;

/// <summary>Availability as Microsoft Graph names it.</summary>
[GenerateSerializer, Alias("PresenceCluster.GraphAvailability")]
public enum GraphAvailability
{
    /// <summary>Unknown.</summary>
    PresenceUnknown = 0,

    /// <summary>Available.</summary>
    Available = 1,

    /// <summary>Available, idle.</summary>
    AvailableIdle = 2,

    /// <summary>Away.</summary>
    Away = 3,

    /// <summary>Be right back.</summary>
    BeRightBack = 4,

    /// <summary>Busy.</summary>
    Busy = 5,

    /// <summary>Busy, idle.</summary>
    BusyIdle = 6,

    /// <summary>Do not disturb.</summary>
    DoNotDisturb = 7,

    /// <summary>Offline.</summary>
    Offline = 8,
}
