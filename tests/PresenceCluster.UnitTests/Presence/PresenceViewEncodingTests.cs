using PresenceCluster.Presence;

namespace PresenceCluster.UnitTests.Presence;

/// <summary>The batch path's compact view encoding: every field round-trips, and bad bytes are refused.</summary>
public sealed class PresenceViewEncodingTests
{
    private static readonly DateTimeOffset When = new(2026, 3, 9, 14, 30, 15, TimeSpan.FromHours(-5));

    private static readonly PresenceView Full = new()
    {
        Target = "sip:bob@contoso.com",
        Sequence = 1_767_600_000_000_123,
        Availability = 6500,
        Activity = "in-a-meeting",
        GraphAvailability = GraphAvailability.Busy,
        GraphActivity = GraphActivity.InAMeeting,
        DeviceClass = DeviceClass.Mobile,
        LastActive = When,
        Note = "Réunion — 会議 🗓",
        NoteHistory = ["older", string.Empty, "oldest"],
        OofNote = new OofNote { Text = "Away until Monday", Start = When, End = null },
        Location = "Building 4",
        Card = new ContactCard { DisplayName = "Bob", Title = "Engineer", Email = "bob@contoso.com", HomePhone = "+1 555 0100", OtherPhone = string.Empty },
        Calendar = new CalendarData
        {
            FreeBusyStart = When.ToUniversalTime(),
            FreeBusy = "0012200",
            WorkingHours = new WorkingHours { Start = new TimeOnly(8, 30), End = new TimeOnly(17, 0), Days = WorkDays.Weekdays, TimeZone = "Europe/Paris" },
        },
        Meeting = new MeetingDetails { Subject = "Planning", Location = null, Start = When, End = When.AddHours(1) },
        ManualState = ManualState.DoNotDisturb,
    };

    public static TheoryData<string, PresenceView> Views => new()
    {
        { "EveryField", Full },
        { "OnlyRequired", new PresenceView { Target = "sip:a@b.c" } },
        { "NegativeAvailabilityAndSequence", new PresenceView { Target = "sip:a@b.c", Availability = -1, Sequence = long.MinValue } },
        { "CalendarWithoutWorkingHours", Full with { Calendar = Full.Calendar! with { WorkingHours = null } } },
        { "EmptyNoteHistory", Full with { NoteHistory = [] } },
    };

    [Theory]
    [MemberData(nameof(Views))]
    public void View_RoundTrips(string name, PresenceView view)
    {
        var decoded = PresenceViewEncoding.Decode(PresenceViewEncoding.Encode(view));

        Assert.True(view.HasSameContentAs(decoded) && view.Sequence == decoded.Sequence, $"{name}: {decoded}");
        Assert.Equal(view.LastActive?.Offset, decoded.LastActive?.Offset);
    }

    [Fact]
    public void EncodedView_IsSmallerThanItsText()
    {
        Assert.True(PresenceViewEncoding.Encode(Full).Length < Full.ToString().Length / 2);
    }

    [Fact]
    public void TheEncoding_KnowsEveryPropertyOfTheView()
    {
        // A property added to a view type must be added to the encoding too; this fails until it is.
        Assert.Equal(16, typeof(PresenceView).GetProperties().Length);
        Assert.Equal(9, typeof(ContactCard).GetProperties().Length);
        Assert.Equal(3, typeof(OofNote).GetProperties().Length);
        Assert.Equal(3, typeof(CalendarData).GetProperties().Length);
        Assert.Equal(4, typeof(WorkingHours).GetProperties().Length);
        Assert.Equal(4, typeof(MeetingDetails).GetProperties().Length);
    }

    [Fact]
    public void BadBytes_AreRefusedAsFormatErrors()
    {
        var bytes = PresenceViewEncoding.Encode(Full);

        Assert.Throws<FormatException>(() => PresenceViewEncoding.Decode(bytes.AsSpan(0, bytes.Length - 1)));
        Assert.Throws<FormatException>(() => PresenceViewEncoding.Decode([.. bytes, 0]));
        Assert.Throws<FormatException>(() => PresenceViewEncoding.Decode([2, .. bytes[1..]]));
        Assert.Throws<FormatException>(() => PresenceViewEncoding.Decode([]));
    }
}
