using PresenceCluster.Presence;

namespace PresenceCluster.Exchange.Calendar;

/// <summary>Exchange's merged free/busy and working hours into the presence model's calendar data.</summary>
public static class FreeBusyRules
{
    /// <summary>
    /// Calendar data from a merged free/busy string of 15-minute slots starting at <paramref name="start"/> (digits 0–4;
    /// anything else, such as Exchange's "no data", reads as free) and working hours; null when there is neither.
    /// </summary>
    public static CalendarData? ToCalendarData(DateTimeOffset start, string? mergedFreeBusy, WorkingHours? workingHours)
    {
        var slots = new string([.. (mergedFreeBusy ?? string.Empty).Take(CalendarData.MaxSlots).Select(c => c is >= '0' and <= '4' ? c : '0')]);
        return slots.Length == 0 && workingHours is null
            ? null
            : new CalendarData { FreeBusyStart = start, FreeBusy = slots, WorkingHours = workingHours };
    }

    /// <summary>The flags of day names such as Graph's <c>monday</c> or EWS's <c>Monday Tuesday</c>; unknown names are skipped.</summary>
    public static WorkDays ToWorkDays(IEnumerable<string> names) =>
        names.Aggregate(WorkDays.None, (days, name) => days | (Enum.TryParse<WorkDays>(name.Trim(), ignoreCase: true, out var day) && day is not WorkDays.None ? day : WorkDays.None));
}
