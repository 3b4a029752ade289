using PresenceCluster.Exchange.Calendar;
using PresenceCluster.Exchange.Mailboxes;
using PresenceCluster.Identity;
using PresenceCluster.Presence;

namespace PresenceCluster.UnitTests.Exchange;

/// <summary>The connector's pure rules: out of office into presence, back-off and circuit, mailbox addresses, the per-mailbox gate.</summary>
public sealed class ConnectorRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AutomaticRepliesOff_AreNoNoteAndNoItem() =>
        Assert.Equal((null, null), OutOfOfficeRules.ToPresence(new AutomaticReplies(AutomaticRepliesStatus.Disabled, null, null, "Away"), T0));

    [Fact]
    public void AutomaticRepliesOn_AreTheNote_AndAnOutOfOfficeItemThatDoesNotChangeFromPollToPoll()
    {
        var replies = new AutomaticReplies(AutomaticRepliesStatus.AlwaysEnabled, null, null, "<p>On leave</p>");

        var (note, item) = OutOfOfficeRules.ToPresence(replies, T0);
        var (_, later) = OutOfOfficeRules.ToPresence(replies, T0.AddHours(5));

        Assert.Equal(new OofNote { Text = "On leave" }, note);
        Assert.Equal(FreeBusyStatus.OutOfOffice, item!.Status);
        Assert.True(item.Start <= T0 && item.End > T0.AddYears(100));
        Assert.Equal(item, later);
    }

    [Theory]
    [InlineData(-60, -30, false)]
    [InlineData(-60, 60, true)]
    [InlineData(60, 120, true)]
    public void ScheduledReplies_ShowForTheirWindow_UnlessItIsOver(int startMinutes, int endMinutes, bool expected)
    {
        var replies = new AutomaticReplies(AutomaticRepliesStatus.Scheduled, T0.AddMinutes(startMinutes), T0.AddMinutes(endMinutes), "Travelling");

        var (note, item) = OutOfOfficeRules.ToPresence(replies, T0);

        Assert.Equal(expected, note is not null);
        if (expected)
        {
            Assert.Equal(T0.AddMinutes(startMinutes), note!.Start);
            Assert.Equal(T0.AddMinutes(endMinutes), item!.End);
        }
    }

    [Theory]
    [InlineData("<html><head><style>p { color: red }</style></head><body><p>Back&nbsp;on <b>Monday</b></p></body></html>", "Back on Monday")]
    [InlineData("Plain text reply", "Plain text reply")]
    [InlineData("<p>line one</p><p>line two</p>", "line one line two")]
    [InlineData("   ", "")]
    public void PlainText_OfAnHtmlReply(string message, string expected) => Assert.Equal(expected, OutOfOfficeRules.PlainText(message));

    [Fact]
    public void PlainText_IsCutAtTheNoteLimit() =>
        Assert.Equal(OutOfOfficeRules.MaxNoteLength, OutOfOfficeRules.PlainText(new string('x', 5000)).Length);

    [Theory]
    [InlineData("0123", "0123")]
    [InlineData("02N9", "0200")]
    [InlineData("", null)]
    public void FreeBusy_KeepsExchangesDigits_AndReadsAnythingElseAsFree(string merged, string? expected) =>
        Assert.Equal(expected, FreeBusyRules.ToCalendarData(T0, merged, null)?.FreeBusy);

    [Fact]
    public void FreeBusy_IsCutAtAWeekOfSlots() =>
        Assert.Equal(CalendarData.MaxSlots, FreeBusyRules.ToCalendarData(T0, new string('2', CalendarData.MaxSlots + 10), null)!.FreeBusy.Length);

    [Fact]
    public void WorkDays_FromGraphsOrEwssDayNames() =>
        Assert.Equal(WorkDays.Monday | WorkDays.Friday, FreeBusyRules.ToWorkDays(["monday", "Friday", "someday"]));

    [Fact]
    public void BackendHealth_BacksOffDoubling_HonoursALongerRetryAfter_AndOpensAfterFiveFailures()
    {
        var health = new BackendHealth();
        var first = health.Failed(T0, "503", null, jitter: 0.5);
        var second = health.Failed(T0, "503", null, jitter: 0.5);
        var asked = health.Failed(T0, "429", TimeSpan.FromMinutes(3), jitter: 0.5);
        health.Failed(T0, "503", null, jitter: 0.5);
        health.Failed(T0, "503", null, jitter: 0.5);

        Assert.Equal(T0.AddSeconds(5), first);
        Assert.Equal(T0.AddSeconds(10), second);
        Assert.Equal(T0.AddMinutes(3), asked);
        Assert.True(health.IsOpen);
        Assert.False(health.MaySend(T0.AddSeconds(79)));

        health.Succeeded(T0.AddMinutes(10));
        Assert.False(health.IsOpen);
        Assert.True(health.MaySend(T0.AddMinutes(10)));
        Assert.Equal(5, health.Failures);
    }

    [Fact]
    public void BackendHealth_AShorterRetryAfterNeverShortensTheWait()
    {
        var health = new BackendHealth();
        var until = health.Failed(T0, "429", TimeSpan.FromMinutes(2), 0.5);

        Assert.Equal(until, health.Failed(T0, "429", TimeSpan.FromSeconds(1), 0.5));
    }

    [Theory]
    [InlineData("sip:alice@contoso.com", "", "alice@contoso.com")]
    [InlineData("sip:alice@contoso.com", "mail.contoso.com", "alice@mail.contoso.com")]
    [InlineData("sip:bob@contoso.com", "", "robert.smith@contoso.com")]
    public void MailboxAddress_FollowsTheRule_OrTheOverride(string user, string mailDomain, string expected)
    {
        var addressing = new MailboxAddressing(mailDomain, new Dictionary<string, string> { ["sip:bob@contoso.com"] = "robert.smith@contoso.com" });

        Assert.Equal(expected, addressing.MailboxOf(SipUri.Parse(user)));
    }

    [Fact]
    public void RequestBudget_AllowsItsCapacity_ThenRefillsEvenlyOverThePeriod_PerKey()
    {
        var budget = new RequestBudget(capacity: 3, TimeSpan.FromMinutes(1));

        var first = Enumerable.Range(0, 4).Select(_ => budget.TryTake(["alice"], T0)).ToList();
        var other = budget.TryTake(["bob"], T0);
        var both = budget.TryTake(["alice", "bob"], T0);
        var afterTwentySeconds = budget.TryTake(["alice"], T0.AddSeconds(20));
        var againTooSoon = budget.TryTake(["alice"], T0.AddSeconds(21));

        Assert.Equal([true, true, true, false], first);
        Assert.True(other);
        Assert.False(both);
        Assert.True(afterTwentySeconds);
        Assert.False(againTooSoon);
    }

    [Fact]
    public void RequestBudget_TakesFromNoBucket_WhenOneIsEmpty()
    {
        var budget = new RequestBudget(capacity: 1, TimeSpan.FromMinutes(1));
        budget.TryTake(["alice"], T0);

        Assert.False(budget.TryTake(["alice", "bob"], T0));
        Assert.True(budget.TryTake(["bob"], T0));
    }

    [Fact]
    public async Task MailboxGate_LetsFourRequestsPerMailboxIn_AndTheFifthWaits()
    {
        var gate = new MailboxGate(4);
        var held = new List<IDisposable>();
        for (var i = 0; i < 4; i++)
        {
            held.Add(await gate.EnterAsync(["alice@contoso.com"], CancellationToken.None));
        }

        var fifth = gate.EnterAsync(["alice@contoso.com", "bob@contoso.com"], CancellationToken.None);
        var other = await gate.EnterAsync(["bob@contoso.com"], CancellationToken.None);
        Assert.False(fifth.IsCompleted);

        held[0].Dispose();
        (await fifth).Dispose();
        other.Dispose();
        foreach (var lease in held.Skip(1))
        {
            lease.Dispose();
        }
    }
}
