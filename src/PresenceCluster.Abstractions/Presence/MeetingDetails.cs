namespace PresenceCluster.Presence;

/// <summary>The meeting the user is in now, as the calendar state says (Workgroup and the user only).</summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.MeetingDetails")]
public sealed record class MeetingDetails
{
    /// <summary>Subject.</summary>
    [Id(0)] public string? Subject { get; init; }

    /// <summary>Location.</summary>
    [Id(1)] public string? Location { get; init; }

    /// <summary>Start.</summary>
    [Id(2)] public DateTimeOffset Start { get; init; }

    /// <summary>End.</summary>
    [Id(3)] public DateTimeOffset End { get; init; }
}
