namespace PresenceCluster.Presence;

/// <summary>
/// One signed-in endpoint: soft state, held in memory by the presence grain (and carried along when the grain moves
/// to another silo). Times are server times.
/// </summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.EndpointRecord")]
public sealed record class EndpointRecord
{
    /// <summary>The endpoint id.</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>The device class.</summary>
    [Id(1)] public DeviceClass DeviceClass { get; init; }

    /// <summary>The machine state last reported.</summary>
    [Id(2)] public MachineState MachineState { get; init; }

    /// <summary>When <see cref="MachineState"/> was reported; for Active, the moment of the last input.</summary>
    [Id(3)] public DateTimeOffset MachineReportedAt { get; init; }

    /// <summary>The phone state.</summary>
    [Id(4)] public PhoneState PhoneState { get; init; }

    /// <summary>When <see cref="PhoneState"/> last changed.</summary>
    [Id(5)] public DateTimeOffset PhoneChangedAt { get; init; }

    /// <summary>The last publication or heartbeat; the endpoint expires a timeout after it.</summary>
    [Id(6)] public DateTimeOffset LastHeartbeat { get; init; }

    /// <summary>How long the endpoint lives without a heartbeat; null: the silos' default timeout.</summary>
    [Id(7)] public TimeSpan? Lifetime { get; init; }

    /// <summary>When the endpoint expires unless it heartbeats again.</summary>
    public DateTimeOffset ExpiresAt(TimeSpan defaultTimeout) => LastHeartbeat + (Lifetime ?? defaultTimeout);
}
