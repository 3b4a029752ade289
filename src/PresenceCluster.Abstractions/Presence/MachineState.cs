namespace PresenceCluster.Presence;

/// <summary>What an endpoint's idle detection reports.</summary>
[GenerateSerializer, Alias("PresenceCluster.MachineState")]
public enum MachineState
{
    /// <summary>The user is using the device now; idle decay starts from this report.</summary>
    Active = 0,

    /// <summary>The device has seen no input for a while; it decays to Away after the configured time.</summary>
    Inactive = 1,

    /// <summary>The device is locked or the user has left.</summary>
    Away = 2,
}
