namespace PresenceCluster.Presence;

/// <summary>
/// A user's calendar for a window ahead, as a mailbox connector reads it. The presence grain switches to In a meeting
/// (Busy) or Out of office at each item's start and back at its end by itself, without another publication.
/// </summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.CalendarSchedule")]
public sealed record class CalendarSchedule
{
    /// <summary>The most items accepted.</summary>
    public const int MaxItems = 200;

    /// <summary>The items, in any order; they may overlap.</summary>
    [Id(0)] public IReadOnlyList<ScheduleItem> Items { get; init; } = [];

    /// <summary>Whether <paramref name="other"/> holds the same items in the same order.</summary>
    public bool HasSameItemsAs(CalendarSchedule? other) => other is not null && Items.SequenceEqual(other.Items);
}
