namespace PresenceCluster.Presence;

/// <summary>The user's working hours.</summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.WorkingHours")]
public sealed record class WorkingHours
{
    /// <summary>Start of the working day, local time.</summary>
    [Id(0)] public TimeOnly Start { get; init; }

    /// <summary>End of the working day, local time; after <see cref="Start"/>.</summary>
    [Id(1)] public TimeOnly End { get; init; }

    /// <summary>The working days.</summary>
    [Id(2)] public WorkDays Days { get; init; }

    /// <summary>IANA or Windows time-zone id (at most 64 characters).</summary>
    [Id(3)] public required string TimeZone { get; init; }
}
