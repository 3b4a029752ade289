namespace PresenceCluster.Presence;

/// <summary>A state the user sets by hand (Lync's user state).</summary>
[GenerateSerializer, Alias("PresenceCluster.ManualState")]
public enum ManualState
{
    /// <summary>Available (3500).</summary>
    Available = 0,

    /// <summary>Busy (6500); may carry an expiry.</summary>
    Busy = 1,

    /// <summary>Do not disturb (9500); may carry an expiry.</summary>
    DoNotDisturb = 2,

    /// <summary>Be right back (12500).</summary>
    BeRightBack = 3,

    /// <summary>Away (15500).</summary>
    Away = 4,

    /// <summary>Off work: a form of Away (15500, activity <c>off-work</c>).</summary>
    OffWork = 5,

    /// <summary>Appear offline (18500).</summary>
    AppearOffline = 6,
}
