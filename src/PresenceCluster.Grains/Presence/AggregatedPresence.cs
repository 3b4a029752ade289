namespace PresenceCluster.Presence;

/// <summary>The outcome of aggregation at one instant, before privacy filtering.</summary>
public sealed record class AggregatedPresence
{
    /// <summary>The aggregate availability number.</summary>
    public int Availability { get; init; }

    /// <summary>The winning activity token, if any.</summary>
    public string? Activity { get; init; }

    /// <summary>The device class of the most active endpoint.</summary>
    public DeviceClass? DeviceClass { get; init; }

    /// <summary>The last input on any live endpoint.</summary>
    public DateTimeOffset? LastActive { get; init; }

    /// <summary>The meeting in progress, if the calendar says so.</summary>
    public MeetingDetails? Meeting { get; init; }

    /// <summary>The OOF note, when it applies now.</summary>
    public OofNote? OofNote { get; init; }

    /// <summary>The manual state, unless it expired.</summary>
    public ManualState? ManualState { get; init; }

    /// <summary>Live endpoints, the expired ones excluded.</summary>
    public int LiveEndpoints { get; init; }

    /// <summary>The next instant at which the outcome may change by itself (idle decay, expiries, calendar), if any.</summary>
    public DateTimeOffset? NextChangeAt { get; init; }
}
