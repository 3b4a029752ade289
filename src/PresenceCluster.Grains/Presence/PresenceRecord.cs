namespace PresenceCluster.Presence;

/// <summary>
/// The durable part of a user's presence, as stored by the "presence" grain state. Replaced whole on every change,
/// so that a failed write can fall back to the previous instance.
/// </summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.PresenceRecord")]
public sealed record class PresenceRecord
{
    /// <summary>The manual state, if one is set.</summary>
    [Id(0)] public ManualStateRecord? Manual { get; init; }

    /// <summary>The personal note.</summary>
    [Id(1)] public string? Note { get; init; }

    /// <summary>Earlier notes, newest first.</summary>
    [Id(2)] public IReadOnlyList<string> NoteHistory { get; init; } = [];

    /// <summary>The location.</summary>
    [Id(3)] public string? Location { get; init; }

    /// <summary>The contact card.</summary>
    [Id(4)] public ContactCard? Card { get; init; }

    /// <summary>The out-of-office note.</summary>
    [Id(5)] public OofNote? OofNote { get; init; }

    /// <summary>The calendar state and when it was published.</summary>
    [Id(6)] public CalendarStateRecord? Calendar { get; init; }

    /// <summary>Free/busy and working hours.</summary>
    [Id(7)] public CalendarData? CalendarData { get; init; }

    /// <summary>The calendar items of a window ahead, from the mailbox connector, and when they were published.</summary>
    [Id(9)] public CalendarScheduleRecord? Schedule { get; init; }

    /// <summary>The last sequence number handed out, so that a new activation continues above it.</summary>
    [Id(8)] public long LastSequence { get; init; }
}

/// <summary>A manual state with the server time it was set and, for Busy/DND, when it reverts.</summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.ManualStateRecord")]
public sealed record class ManualStateRecord(
    [property: Id(0)] ManualState State,
    [property: Id(1)] DateTimeOffset SetAt,
    [property: Id(2)] DateTimeOffset? ExpiresAt);

/// <summary>A calendar state with the server time it was published.</summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.CalendarStateRecord")]
public sealed record class CalendarStateRecord(
    [property: Id(0)] CalendarState State,
    [property: Id(1)] DateTimeOffset PublishedAt);

/// <summary>A calendar schedule with the server time it was published.</summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.CalendarScheduleRecord")]
public sealed record class CalendarScheduleRecord(
    [property: Id(0)] CalendarSchedule Schedule,
    [property: Id(1)] DateTimeOffset PublishedAt);
