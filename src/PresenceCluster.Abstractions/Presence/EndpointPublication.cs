namespace PresenceCluster.Presence;

/// <summary>
/// What one endpoint (device) of a user publishes. The first publication for an <see cref="EndpointId"/>
/// registers the endpoint; later ones replace its state. The server stamps the time itself.
/// </summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.EndpointPublication")]
public sealed record class EndpointPublication
{
    /// <summary>The longest endpoint id accepted, in characters.</summary>
    public const int MaxEndpointIdLength = 64;

    /// <summary>The endpoint's id, unique per user: 1–64 characters of letters, digits, '-', '_', '.' or ':'.</summary>
    [Id(0)] public required string EndpointId { get; init; }

    /// <summary>The kind of device.</summary>
    [Id(1)] public DeviceClass DeviceClass { get; init; }

    /// <summary>The device's idle state; <see cref="MachineState.Active"/> means there was input just now.</summary>
    [Id(2)] public MachineState MachineState { get; init; }

    /// <summary>The device's call state.</summary>
    [Id(3)] public PhoneState PhoneState { get; init; }

    /// <summary>
    /// How long the endpoint stays signed in without a heartbeat; null (the default): the silos'
    /// <c>Presence:EndpointTimeout</c>. 1 minute–1 day. Graph application sessions use their <c>expirationDuration</c>.
    /// </summary>
    [Id(4)] public TimeSpan? Lifetime { get; init; }
}
