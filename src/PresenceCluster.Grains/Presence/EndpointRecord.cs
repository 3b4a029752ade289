namespace PresenceCluster.Presence;

/// <summary>One signed-in endpoint: soft state, held in memory by the presence grain. Times are server times.</summary>
public sealed record class EndpointRecord
{
    /// <summary>The endpoint id.</summary>
    public required string Id { get; init; }

    /// <summary>The device class.</summary>
    public DeviceClass DeviceClass { get; init; }

    /// <summary>The machine state last reported.</summary>
    public MachineState MachineState { get; init; }

    /// <summary>When <see cref="MachineState"/> was reported; for Active, the moment of the last input.</summary>
    public DateTimeOffset MachineReportedAt { get; init; }

    /// <summary>The phone state.</summary>
    public PhoneState PhoneState { get; init; }

    /// <summary>When <see cref="PhoneState"/> last changed.</summary>
    public DateTimeOffset PhoneChangedAt { get; init; }

    /// <summary>The last publication or heartbeat; the endpoint expires a timeout after it.</summary>
    public DateTimeOffset LastHeartbeat { get; init; }
}
