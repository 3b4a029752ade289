using PresenceCluster.Presence;

namespace PresenceCluster.Exchange.Calendar;

/// <summary>One mailbox's calendar for the window asked, or why there is none.</summary>
/// <param name="Mailbox">The mailbox address.</param>
/// <param name="Schedule">The calendar items; null when <paramref name="Error"/> says why not.</param>
/// <param name="Error">Exchange's reason for this mailbox alone (unknown mailbox, no permission), if any.</param>
/// <param name="Data">Free/busy in 15-minute slots from the window's start, and working hours, when Exchange sent them.</param>
public sealed record class MailboxCalendar(string Mailbox, CalendarSchedule? Schedule, string? Error, CalendarData? Data = null);
