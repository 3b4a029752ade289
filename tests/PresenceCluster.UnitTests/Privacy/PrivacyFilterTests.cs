using PresenceCluster.Presence;
using PresenceCluster.Privacy;

namespace PresenceCluster.UnitTests.Privacy;

/// <summary>
/// Reference §4 as a table: for every audience and every category, whether the watcher sees the user's value.
/// </summary>
public sealed class PrivacyFilterTests
{
    private const string Target = "sip:alice@contoso.com";

    private static readonly DateTimeOffset Now = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    private static readonly PresenceRecord Record = new()
    {
        Note = "Heads down",
        NoteHistory = ["Earlier note"],
        Location = "Building 4",
        OofNote = new OofNote { Text = "Back Monday" },
        CalendarData = new CalendarData
        {
            FreeBusyStart = Now,
            FreeBusy = "0022",
            WorkingHours = new WorkingHours { Start = new TimeOnly(9, 0), End = new TimeOnly(17, 0), Days = WorkDays.Weekdays, TimeZone = "Europe/London" },
        },
        Card = new ContactCard
        {
            DisplayName = "Alice",
            Title = "Engineer",
            Company = "Contoso",
            Email = "alice@contoso.com",
            PhotoUrl = "https://contoso.com/alice.png",
            WorkPhone = "+1 425 555 0100",
            MobilePhone = "+1 425 555 0101",
            HomePhone = "+1 425 555 0102",
            OtherPhone = "+1 425 555 0103",
        },
    };

    private static readonly AggregatedPresence InMeeting = new()
    {
        Availability = LyncAvailability.Busy,
        Activity = ActivityToken.InAMeeting,
        DeviceClass = DeviceClass.Computer,
        LastActive = Now,
        OofNote = Record.OofNote,
        Meeting = new MeetingDetails { Subject = "Budget", Location = "Room 7", Start = Now, End = Now.AddHours(1) },
        LiveEndpoints = 1,
        ManualState = ManualState.Busy,
    };

    /// <summary>
    /// Who sees what. Columns: Self, External, Colleagues, Workgroup, FriendsAndFamily, Blocked, HiddenByPrivacyMode
    /// (1 = sees the user's value, 0 = does not).
    /// </summary>
    private static readonly (string Category, string Seen, Func<PresenceView, bool> Visible)[] Table =
    [
        ("Availability", "1111100", v => v.Availability == LyncAvailability.Busy),
        ("Activity", "1011100", v => v.Activity == ActivityToken.InAMeeting),
        ("GraphActivity", "1011100", v => v.GraphActivity == GraphActivity.InAMeeting),
        ("DeviceClass", "1011100", v => v.DeviceClass == DeviceClass.Computer),
        ("LastActive", "1011100", v => v.LastActive == Now),
        ("Note", "1011100", v => v.Note == "Heads down"),
        ("NoteHistory", "1011100", v => v.NoteHistory is ["Earlier note"]),
        ("OofNote", "1011100", v => v.OofNote?.Text == "Back Monday"),
        ("Location", "1011100", v => v.Location == "Building 4"),
        ("FreeBusy", "1011100", v => v.Calendar?.FreeBusy == "0022"),
        ("WorkingHours", "1011100", v => v.Calendar?.WorkingHours?.TimeZone == "Europe/London"),
        ("MeetingDetails", "1001000", v => v.Meeting?.Subject == "Budget" && v.Meeting.Location == "Room 7"),
        ("ManualState", "1000000", v => v.ManualState == ManualState.Busy),
        ("DisplayName", "1111111", v => v.Card?.DisplayName == "Alice"),
        ("Email", "1111111", v => v.Card?.Email == "alice@contoso.com"),
        ("Title", "1111101", v => v.Card?.Title == "Engineer"),
        ("Company", "1111101", v => v.Card?.Company == "Contoso"),
        ("Photo", "1111101", v => v.Card?.PhotoUrl == "https://contoso.com/alice.png"),
        ("WorkPhone", "1011100", v => v.Card?.WorkPhone == "+1 425 555 0100"),
        ("MobilePhone", "1001100", v => v.Card?.MobilePhone == "+1 425 555 0101"),
        ("HomePhone", "1000100", v => v.Card?.HomePhone == "+1 425 555 0102"),
        ("OtherPhone", "1000100", v => v.Card?.OtherPhone == "+1 425 555 0103"),
    ];

    public static TheoryData<string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var (category, seen, _) in Table)
        {
            foreach (var audience in Enum.GetValues<ViewAudience>())
            {
                data.Add(audience.ToString(), category, seen[(int)audience] == '1');
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Build_AudienceAndCategory_SeesExactlyWhatTheTableSays(string audience, string category, bool expected)
    {
        var view = PrivacyFilter.Build(Target, 7, InMeeting, Record, Enum.Parse<ViewAudience>(audience));

        Assert.Equal(expected, Table.Single(row => row.Category == category).Visible(view));
        Assert.Equal(Target, view.Target);
        Assert.Equal(7, view.Sequence);
    }

    [Fact]
    public void Table_CoversEveryAudience()
    {
        Assert.All(Table, row => Assert.Equal(Enum.GetValues<ViewAudience>().Length, row.Seen.Length));
    }

    [Theory]
    [InlineData(ViewAudience.Blocked)]
    [InlineData(ViewAudience.HiddenByPrivacyMode)]
    public void Build_BlockedOrHidden_IsOffline(ViewAudience audience)
    {
        var view = PrivacyFilter.Build(Target, 1, InMeeting, Record, audience);

        Assert.Equal(LyncAvailability.Offline, view.Availability);
        Assert.Equal(GraphAvailability.Offline, view.GraphAvailability);
        Assert.Equal(GraphActivity.Offline, view.GraphActivity);
    }

    [Theory]
    [InlineData(ViewAudience.Self, LyncAvailability.DoNotDisturb, null, GraphAvailability.DoNotDisturb)]
    [InlineData(ViewAudience.External, LyncAvailability.DoNotDisturb, null, GraphAvailability.DoNotDisturb)]
    [InlineData(ViewAudience.Colleagues, LyncAvailability.DoNotDisturb, null, GraphAvailability.DoNotDisturb)]
    [InlineData(ViewAudience.Workgroup, LyncAvailability.BusyUrgentInterruptionsOnly, ActivityToken.UrgentInterruptionsOnly, GraphAvailability.Busy)]
    [InlineData(ViewAudience.FriendsAndFamily, LyncAvailability.DoNotDisturb, null, GraphAvailability.DoNotDisturb)]
    [InlineData(ViewAudience.Blocked, LyncAvailability.Offline, null, GraphAvailability.Offline)]
    [InlineData(ViewAudience.HiddenByPrivacyMode, LyncAvailability.Offline, null, GraphAvailability.Offline)]
    public void Build_DoNotDisturb_OnlyWorkgroupSeesUrgentInterruptionsOnly(ViewAudience audience, int availability, string? activity, GraphAvailability graph)
    {
        var dnd = InMeeting with { Availability = LyncAvailability.DoNotDisturb, Activity = null };

        var view = PrivacyFilter.Build(Target, 1, dnd, Record, audience);

        Assert.Equal(availability, view.Availability);
        Assert.Equal(activity, view.Activity);
        Assert.Equal(graph, view.GraphAvailability);
    }

    [Fact]
    public void Build_WorkgroupDuringPresentation_SeesUrgentInterruptionsOnly()
    {
        var presenting = InMeeting with { Availability = LyncAvailability.DoNotDisturb, Activity = ActivityToken.InPresentation };

        var view = PrivacyFilter.Build(Target, 1, presenting, Record, ViewAudience.Workgroup);

        Assert.Equal(LyncAvailability.BusyUrgentInterruptionsOnly, view.Availability);
        Assert.Equal(GraphActivity.UrgentInterruptionsOnly, view.GraphActivity);
    }
}
