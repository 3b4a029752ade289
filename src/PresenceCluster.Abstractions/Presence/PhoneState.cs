namespace PresenceCluster.Presence;

/// <summary>What an endpoint reports about calls and sharing.</summary>
[GenerateSerializer, Alias("PresenceCluster.PhoneState")]
public enum PhoneState
{
    /// <summary>No call.</summary>
    None = 0,

    /// <summary>On a call (Busy, activity <c>on-the-phone</c>).</summary>
    OnCall = 1,

    /// <summary>In a conference (Busy, activity <c>in-a-conference</c>).</summary>
    InConference = 2,

    /// <summary>Presenting (Do not disturb, activity <c>in-presentation</c>).</summary>
    Presenting = 3,
}
