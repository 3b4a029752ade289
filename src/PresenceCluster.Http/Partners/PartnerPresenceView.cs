using PresenceCluster.Presence;

namespace PresenceCluster.Http.Partners;

/// <summary>
/// The wire shape of one user's presence in the partner API: the public JSON contract, kept apart from the grains'
/// <see cref="PresenceView"/> so that either can change without breaking the other. A category the caller may not
/// see is left out.
/// </summary>
public sealed record class PartnerPresenceView(
    string Target,
    long Sequence,
    int Availability,
    string? Activity,
    GraphAvailability GraphAvailability,
    GraphActivity GraphActivity,
    DeviceClass? DeviceClass,
    DateTimeOffset? LastActive,
    string? Note,
    IReadOnlyList<string>? NoteHistory,
    PartnerPresenceView.OofPart? OofNote,
    string? Location,
    PartnerPresenceView.CardPart? Card,
    PartnerPresenceView.CalendarPart? Calendar,
    PartnerPresenceView.MeetingPart? Meeting)
{
    /// <summary>The wire shape of <paramref name="view"/>.</summary>
    public static PartnerPresenceView From(PresenceView view) => new(
        view.Target,
        view.Sequence,
        view.Availability,
        view.Activity,
        view.GraphAvailability,
        view.GraphActivity,
        view.DeviceClass,
        view.LastActive,
        view.Note,
        view.NoteHistory,
        view.OofNote is { } oof ? new OofPart(oof.Text, oof.Start, oof.End) : null,
        view.Location,
        view.Card is { } card ? new CardPart(card.DisplayName, card.Title, card.Company, card.Email, card.PhotoUrl, card.WorkPhone, card.MobilePhone, card.HomePhone, card.OtherPhone) : null,
        view.Calendar is { } calendar
            ? new CalendarPart(calendar.FreeBusyStart, calendar.FreeBusy, calendar.WorkingHours is { } hours ? new WorkingHoursPart(hours.Start, hours.End, hours.Days, hours.TimeZone) : null)
            : null,
        view.Meeting is { } meeting ? new MeetingPart(meeting.Subject, meeting.Location, meeting.Start, meeting.End) : null);

    /// <summary>The out-of-office note and its window.</summary>
    public sealed record class OofPart(string Text, DateTimeOffset? Start, DateTimeOffset? End);

    /// <summary>The contact card fields the caller may see.</summary>
    public sealed record class CardPart(
        string? DisplayName, string? Title, string? Company, string? Email, string? PhotoUrl, string? WorkPhone, string? MobilePhone, string? HomePhone, string? OtherPhone);

    /// <summary>Free/busy (one character per 15 minutes from the start) and working hours.</summary>
    public sealed record class CalendarPart(DateTimeOffset FreeBusyStart, string FreeBusy, WorkingHoursPart? WorkingHours);

    /// <summary>Working hours in the user's time zone.</summary>
    public sealed record class WorkingHoursPart(TimeOnly Start, TimeOnly End, WorkDays Days, string TimeZone);

    /// <summary>The current meeting's details.</summary>
    public sealed record class MeetingPart(string? Subject, string? Location, DateTimeOffset Start, DateTimeOffset End);
}
