namespace PresenceCluster.Presence;

/// <summary>
/// Free/busy data in 15-minute slots and working hours, as a calendar source publishes them.
/// Seen from Colleagues up.
/// </summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.CalendarData")]
public sealed record class CalendarData
{
    /// <summary>The longest free/busy string accepted: 7 days of 15-minute slots.</summary>
    public const int MaxSlots = 7 * 24 * 4;

    /// <summary>Start of the first slot.</summary>
    [Id(0)] public DateTimeOffset FreeBusyStart { get; init; }

    /// <summary>
    /// One character per 15-minute slot, as Exchange's merged free/busy: '0' free, '1' tentative, '2' busy,
    /// '3' out of office, '4' working elsewhere. At most <see cref="MaxSlots"/> slots.
    /// </summary>
    [Id(1)] public string FreeBusy { get; init; } = string.Empty;

    /// <summary>Working hours, when known.</summary>
    [Id(2)] public WorkingHours? WorkingHours { get; init; }
}
