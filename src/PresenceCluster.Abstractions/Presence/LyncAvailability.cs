namespace PresenceCluster.Presence;

/// <summary>The aggregate availability numbers PresenceCluster publishes, as Lync/Skype for Business clients read them.</summary>
public static class LyncAvailability
{
    /// <summary>Available (range 0–4499).</summary>
    public const int Available = 3500;

    /// <summary>Available but idle (range 4500–5999).</summary>
    public const int AvailableIdle = 5000;

    /// <summary>Busy (range 6000–7499).</summary>
    public const int Busy = 6500;

    /// <summary>Busy, urgent interruptions only: what Workgroup sees instead of Do not disturb.</summary>
    public const int BusyUrgentInterruptionsOnly = 6900;

    /// <summary>Busy and idle (range 7500–8999).</summary>
    public const int BusyIdle = 7500;

    /// <summary>Do not disturb (range 9000–11999).</summary>
    public const int DoNotDisturb = 9500;

    /// <summary>Be right back (range 12000–14999).</summary>
    public const int BeRightBack = 12500;

    /// <summary>Away, Off work included (range 15000–17999).</summary>
    public const int Away = 15500;

    /// <summary>Offline (18000 and above).</summary>
    public const int Offline = 18500;

    /// <summary>The Graph availability name for an aggregate number.</summary>
    public static GraphAvailability ToGraph(int availability) => availability switch
    {
        < 0 => GraphAvailability.PresenceUnknown,
        < 4500 => GraphAvailability.Available,
        < 6000 => GraphAvailability.AvailableIdle,
        < 7500 => GraphAvailability.Busy,
        < 9000 => GraphAvailability.BusyIdle,
        < 12000 => GraphAvailability.DoNotDisturb,
        < 15000 => GraphAvailability.BeRightBack,
        < 18000 => GraphAvailability.Away,
        _ => GraphAvailability.Offline,
    };
}
