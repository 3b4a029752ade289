using PresenceCluster.Presence;

namespace PresenceCluster.Privacy;

/// <summary>
/// Builds the view one audience may see of an aggregated presence (README "Privacy levels"). Pure: the same inputs always
/// give the same view, so the presence grain computes each audience's view once per change and shares it.
/// </summary>
public static class PrivacyFilter
{
    /// <summary>Every audience, in the order of <see cref="ViewAudience"/>.</summary>
    public static IReadOnlyList<ViewAudience> Audiences { get; } = Enum.GetValues<ViewAudience>();

    /// <summary>The view of <paramref name="presence"/> and <paramref name="record"/> for <paramref name="audience"/>.</summary>
    public static PresenceView Build(string target, long sequence, AggregatedPresence presence, PresenceRecord record, ViewAudience audience)
    {
        if (audience is ViewAudience.Blocked or ViewAudience.HiddenByPrivacyMode)
        {
            return Offline(target, sequence, audience == ViewAudience.Blocked ? BlockedCard(record.Card) : ExternalCard(record.Card));
        }

        var availability = presence.Availability;
        var activity = presence.Activity;
        if (audience == ViewAudience.Workgroup && availability is >= 9000 and < 12000)
        {
            // Workgroup may interrupt: Do not disturb reads as Busy, urgent interruptions only.
            availability = LyncAvailability.BusyUrgentInterruptionsOnly;
            activity = ActivityToken.UrgentInterruptionsOnly;
        }

        if (audience == ViewAudience.External)
        {
            // External sees availability only: no activity token, and the Graph activity follows availability.
            return new PresenceView
            {
                Target = target,
                Sequence = sequence,
                Availability = availability,
                GraphAvailability = LyncAvailability.ToGraph(availability),
                GraphActivity = ActivityToken.ToGraph(null, availability),
                Card = ExternalCard(record.Card),
            };
        }

        var seesMeeting = audience is ViewAudience.Workgroup or ViewAudience.Self;
        return new PresenceView
        {
            Target = target,
            Sequence = sequence,
            Availability = availability,
            Activity = activity,
            GraphAvailability = LyncAvailability.ToGraph(availability),
            GraphActivity = ActivityToken.ToGraph(activity, availability),
            DeviceClass = presence.DeviceClass,
            LastActive = presence.LastActive,
            Note = record.Note,
            NoteHistory = record.NoteHistory,
            OofNote = presence.OofNote,
            Location = record.Location,
            Card = audience switch
            {
                ViewAudience.Colleagues => ColleagueCard(record.Card),
                ViewAudience.Workgroup => WorkgroupCard(record.Card),
                _ => record.Card,
            },
            Calendar = record.CalendarData,
            Meeting = seesMeeting ? presence.Meeting : null,
            ManualState = audience == ViewAudience.Self ? presence.ManualState : null,
        };
    }

    private static PresenceView Offline(string target, long sequence, ContactCard? card) => new()
    {
        Target = target,
        Sequence = sequence,
        Availability = LyncAvailability.Offline,
        GraphAvailability = GraphAvailability.Offline,
        GraphActivity = GraphActivity.Offline,
        Card = card,
    };

    private static ContactCard? BlockedCard(ContactCard? card) =>
        card is null ? null : new ContactCard { DisplayName = card.DisplayName, Email = card.Email };

    private static ContactCard? ExternalCard(ContactCard? card) =>
        card is null ? null : new ContactCard
        {
            DisplayName = card.DisplayName,
            Title = card.Title,
            Company = card.Company,
            Email = card.Email,
            PhotoUrl = card.PhotoUrl,
        };

    private static ContactCard? ColleagueCard(ContactCard? card) =>
        card is null ? null : card with { MobilePhone = null, HomePhone = null, OtherPhone = null };

    private static ContactCard? WorkgroupCard(ContactCard? card) =>
        card is null ? null : card with { HomePhone = null, OtherPhone = null };
}
