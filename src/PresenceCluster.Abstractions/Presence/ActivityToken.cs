namespace PresenceCluster.Presence;

/// <summary>The Lync activity tokens PresenceCluster publishes, and their Graph names.</summary>
public static class ActivityToken
{
    /// <summary>On a call.</summary>
    public const string OnThePhone = "on-the-phone";

    /// <summary>In a conference.</summary>
    public const string InAConference = "in-a-conference";

    /// <summary>In a meeting (from the calendar).</summary>
    public const string InAMeeting = "in-a-meeting";

    /// <summary>Out of office (from the calendar).</summary>
    public const string OutOfOffice = "out-of-office";

    /// <summary>Busy, but reachable for urgent matters: what Workgroup sees of Do not disturb.</summary>
    public const string UrgentInterruptionsOnly = "urgent-interruptions-only";

    /// <summary>Off work (a form of Away).</summary>
    public const string OffWork = "off-work";

    /// <summary>Presenting (a form of Do not disturb).</summary>
    public const string InPresentation = "in-presentation";

    /// <summary>
    /// The Graph activity for a token, or, with no token, the activity the availability number implies.
    /// </summary>
    public static GraphActivity ToGraph(string? token, int availability) => token switch
    {
        OnThePhone => GraphActivity.InACall,
        InAConference => GraphActivity.InAConferenceCall,
        InAMeeting => GraphActivity.InAMeeting,
        OutOfOffice => GraphActivity.OutOfOffice,
        UrgentInterruptionsOnly => GraphActivity.UrgentInterruptionsOnly,
        OffWork => GraphActivity.OffWork,
        InPresentation => GraphActivity.Presenting,
        _ => LyncAvailability.ToGraph(availability) switch
        {
            GraphAvailability.Available => GraphActivity.Available,
            GraphAvailability.AvailableIdle => GraphActivity.Inactive,
            GraphAvailability.Busy or GraphAvailability.BusyIdle => GraphActivity.Busy,
            GraphAvailability.DoNotDisturb => GraphActivity.DoNotDisturb,
            GraphAvailability.BeRightBack => GraphActivity.BeRightBack,
            GraphAvailability.Away => GraphActivity.Away,
            GraphAvailability.Offline => GraphActivity.Offline,
            _ => GraphActivity.PresenceUnknown,
        },
    };
}
