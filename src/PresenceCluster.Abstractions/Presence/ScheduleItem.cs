namespace PresenceCluster.Presence;

/// <summary>One item of a user's calendar: when, how it shows the time, and what (Workgroup sees subject and location).</summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.ScheduleItem")]
public sealed record class ScheduleItem
{
    /// <summary>When it starts.</summary>
    [Id(0)] public DateTimeOffset Start { get; init; }

    /// <summary>When it ends; after <see cref="Start"/>.</summary>
    [Id(1)] public DateTimeOffset End { get; init; }

    /// <summary>How it shows the user's time.</summary>
    [Id(2)] public FreeBusyStatus Status { get; init; }

    /// <summary>The subject (at most 256 characters), when the mailbox shares it.</summary>
    [Id(3)] public string? Subject { get; init; }

    /// <summary>The location (at most 256 characters), when the mailbox shares it.</summary>
    [Id(4)] public string? Location { get; init; }
}
