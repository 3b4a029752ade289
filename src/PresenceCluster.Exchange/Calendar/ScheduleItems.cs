using PresenceCluster.Presence;

namespace PresenceCluster.Exchange.Calendar;

/// <summary>What every backend does to the calendar items it read, before presence sees them.</summary>
public static class ScheduleItems
{
    /// <summary>The longest subject or location kept (the presence model's limit).</summary>
    public const int MaxFieldLength = 256;

    /// <summary>A subject or location: null when blank, cut at <see cref="MaxFieldLength"/>.</summary>
    public static string? Field(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Length <= MaxFieldLength ? text : text[..MaxFieldLength];

    /// <summary>The schedule of <paramref name="items"/>: by start, then end, at most <see cref="CalendarSchedule.MaxItems"/>.</summary>
    public static CalendarSchedule ToSchedule(IEnumerable<ScheduleItem> items) =>
        new() { Items = [.. items.OrderBy(item => item.Start).ThenBy(item => item.End).Take(CalendarSchedule.MaxItems)] };
}
