using System.Globalization;
using PresenceCluster.Exchange.Calendar;
using PresenceCluster.Presence;
using GraphModels = Microsoft.Graph.Models;

namespace PresenceCluster.Exchange.Graph;

/// <summary>
/// Microsoft Graph's calendar shapes into the presence model: <c>scheduleInformation</c> (from <c>getSchedule</c>) into
/// a schedule, <c>automaticRepliesSetting</c> into automatic replies. Times come as <c>dateTimeTimeZone</c> (a local
/// time and a Windows or IANA zone name; UTC unless the request asked otherwise).
/// </summary>
public static class GraphMailboxMapping
{
    /// <summary>One mailbox's calendar from its <c>scheduleInformation</c>, asked from <paramref name="windowStart"/> in 15-minute slots.</summary>
    public static MailboxCalendar ToCalendar(string mailbox, GraphModels.ScheduleInformation information, DateTimeOffset windowStart = default)
    {
        if (information.Error is { } error)
        {
            return new MailboxCalendar(mailbox, null, error.ResponseCode ?? error.Message ?? "error");
        }

        var items = new List<ScheduleItem>();
        foreach (var item in information.ScheduleItems ?? [])
        {
            if (item.Status is not { } status || ToStatus(status) is not { } mapped
                || ToInstant(item.Start) is not { } start || ToInstant(item.End) is not { } end || end <= start)
            {
                continue;
            }

            items.Add(new ScheduleItem
            {
                Start = start,
                End = end,
                Status = mapped,
                Subject = ScheduleItems.Field(item.Subject),
                Location = ScheduleItems.Field(item.Location),
            });
        }

        return new MailboxCalendar(
            mailbox,
            ScheduleItems.ToSchedule(items),
            null,
            FreeBusyRules.ToCalendarData(windowStart, information.AvailabilityView, ToWorkingHours(information.WorkingHours)));
    }

    /// <summary>Working hours from Graph's <c>workingHours</c>; null when incomplete.</summary>
    public static WorkingHours? ToWorkingHours(GraphModels.WorkingHours? hours)
    {
        if (hours?.StartTime is not { } start || hours.EndTime is not { } end || hours.TimeZone?.Name is not { Length: > 0 and <= 64 } zone)
        {
            return null;
        }

        var from = new TimeOnly(start.Hour, start.Minute, start.Second);
        var until = new TimeOnly(end.Hour, end.Minute, end.Second);
        return until <= from
            ? null
            : new WorkingHours
            {
                Start = from,
                End = until,
                Days = FreeBusyRules.ToWorkDays((hours.DaysOfWeek ?? []).Select(day => day?.ToString() ?? string.Empty)),
                TimeZone = zone,
            };
    }

    /// <summary>Automatic replies from a mailbox's <c>automaticRepliesSetting</c>.</summary>
    public static AutomaticReplies ToAutomaticReplies(GraphModels.AutomaticRepliesSetting? setting) => new(
        setting?.Status switch
        {
            GraphModels.AutomaticRepliesStatus.AlwaysEnabled => AutomaticRepliesStatus.AlwaysEnabled,
            GraphModels.AutomaticRepliesStatus.Scheduled => AutomaticRepliesStatus.Scheduled,
            _ => AutomaticRepliesStatus.Disabled,
        },
        ToInstant(setting?.ScheduledStartDateTime),
        ToInstant(setting?.ScheduledEndDateTime),
        setting?.InternalReplyMessage);

    /// <summary>The instant of a <c>dateTimeTimeZone</c>; null when it cannot be read.</summary>
    public static DateTimeOffset? ToInstant(GraphModels.DateTimeTimeZone? value)
    {
        if (value?.DateTime is not { Length: > 0 } text
            || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local))
        {
            return null;
        }

        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var zone = value.TimeZone;
        if (string.IsNullOrWhiteSpace(zone) || zone.Equals("UTC", StringComparison.OrdinalIgnoreCase) || zone.Equals("Coordinated Universal Time", StringComparison.OrdinalIgnoreCase))
        {
            return new DateTimeOffset(local, TimeSpan.Zero);
        }

        try
        {
            var info = TimeZoneInfo.FindSystemTimeZoneById(zone);
            return new DateTimeOffset(local, info.GetUtcOffset(local));
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    private static FreeBusyStatus? ToStatus(GraphModels.FreeBusyStatus status) => status switch
    {
        GraphModels.FreeBusyStatus.Free => FreeBusyStatus.Free,
        GraphModels.FreeBusyStatus.Tentative => FreeBusyStatus.Tentative,
        GraphModels.FreeBusyStatus.Busy => FreeBusyStatus.Busy,
        GraphModels.FreeBusyStatus.Oof => FreeBusyStatus.OutOfOffice,
        GraphModels.FreeBusyStatus.WorkingElsewhere => FreeBusyStatus.WorkingElsewhere,
        _ => null,
    };
}
