using Microsoft.Extensions.DependencyInjection;
using PresenceCluster.ClusterTests.Infrastructure;
using PresenceCluster.Contacts;
using PresenceCluster.Exchange.Calendar;
using PresenceCluster.ExchangeEmulator;
using PresenceCluster.Grains;
using PresenceCluster.Identity;
using PresenceCluster.OAuth;
using PresenceCluster.Presence;

namespace PresenceCluster.ClusterTests.Exchange;

/// <summary>
/// The mailbox connector against the Exchange emulator, for each backend, in a real two-silo cluster on a fake clock:
/// the backend's tokens checked as Exchange checks them, its documented shapes, meetings and automatic replies into
/// presence, outages and throttling obeyed, never more than 4 requests in flight per mailbox.
/// </summary>
public abstract class MailboxConnectorTests : IAsyncLifetime
{
    private readonly string _dataDirectory = PresenceTestCluster.NewDataDirectory();
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = new(PresenceTestCluster.Start);
    private ExchangeEmulator.ExchangeEmulator _exchange = null!;
    private PresenceTestCluster _cluster = null!;

    protected ExchangeEmulator.ExchangeEmulator Exchange => _exchange;

    public async Task InitializeAsync()
    {
        _exchange = await ExchangeEmulator.ExchangeEmulator.StartAsync(_time);
        _cluster = await PresenceTestCluster.StartAsync(_dataDirectory, silos: 2, time: _time, settings: Settings(_exchange));

        // The application Exchange trusts is the cluster: it signs with its token-issuer certificate.
        _exchange.ApplicationCertificate = _cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<OAuthDirectory>().Signing!.Current;
    }

    /// <summary>The cluster's settings for this backend against <paramref name="exchange"/>.</summary>
    protected abstract Dictionary<string, string?> Settings(ExchangeEmulator.ExchangeEmulator exchange);

    /// <summary>Checks what only this backend's protocol can tell (accepted tokens).</summary>
    protected virtual void AssertProtocolHealthy(ExchangeEmulator.ExchangeEmulator exchange)
    {
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _exchange.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Meeting_InTheMailbox_IsInAMeetingFromItsStartToItsEnd_ForWatchers()
    {
        var (alice, bob) = (Users.New("alice"), Users.New("bob"));
        await SignInAsync(alice);
        var now = _time.GetUtcNow();
        _exchange.Mailbox(Mailbox(alice)).Add(new EmulatedEvent(now.AddMinutes(30), now.AddMinutes(60), "busy", "Quarterly review", "Room 4"));
        _exchange.Mailbox(Mailbox(alice)).Add(new EmulatedEvent(now.AddMinutes(90), now.AddMinutes(120), "tentative", "Maybe"));

        var updated = await PollAsync();
        var before = await _cluster.Client.GetPresenceAsync(bob, alice);
        await AdvanceKeepingAliceActiveAsync(alice, TimeSpan.FromMinutes(30));
        var during = await _cluster.Client.GetPresenceAsync(bob, alice);
        var own = await _cluster.Client.GetOwnPresenceAsync(alice);
        await AdvanceKeepingAliceActiveAsync(alice, TimeSpan.FromMinutes(30));
        var after = await _cluster.Client.GetPresenceAsync(bob, alice);
        await AdvanceKeepingAliceActiveAsync(alice, TimeSpan.FromMinutes(30));
        var tentative = await _cluster.Client.GetPresenceAsync(bob, alice);

        Assert.Equal(1, updated);
        AssertProtocolHealthy(_exchange);
        Assert.Null(before.Activity);
        Assert.Equal(GraphAvailability.Busy, during.GraphAvailability);
        Assert.Equal(GraphActivity.InAMeeting, during.GraphActivity);
        Assert.Equal("Quarterly review", own.Meeting?.Subject);
        Assert.Null(during.Meeting);
        Assert.Equal(GraphAvailability.Available, after.GraphAvailability);
        Assert.Equal(GraphAvailability.Available, tentative.GraphAvailability);

        // Free/busy from the window's start (on the hour) in 15-minute slots, and working hours, for colleagues.
        var calendar = Assert.IsType<CalendarData>(before.Calendar);
        Assert.Equal(PresenceTestCluster.Start, calendar.FreeBusyStart);
        Assert.Equal("00220011" + new string('0', 24), calendar.FreeBusy);
        Assert.Equal(new TimeOnly(8, 0), calendar.WorkingHours?.Start);
        Assert.Equal(new TimeOnly(17, 0), calendar.WorkingHours?.End);
        Assert.Equal(WorkDays.Monday | WorkDays.Tuesday | WorkDays.Wednesday | WorkDays.Thursday | WorkDays.Friday, calendar.WorkingHours?.Days);
    }

    [Fact]
    public async Task AutomaticReplies_On_AreTheOofNoteForColleagues_NotForExternalUsers_UntilTurnedOff()
    {
        var (alice, bob) = (Users.New("alice"), Users.New("bob"));
        var outsider = Users.New("erin", "fabrikam.com");
        await SignInAsync(alice);
        _exchange.Mailbox(Mailbox(alice)).AutomaticReplies = new EmulatedAutomaticReplies(
            "alwaysEnabled", null, null, "<html><head><style>p{}</style></head><body><p>Back on Monday &amp; reachable by phone</p></body></html>");

        await PollAsync();
        var colleague = await _cluster.Client.GetPresenceAsync(bob, alice);
        var external = await _cluster.Client.GetPresenceAsync(outsider, alice);
        _exchange.Mailbox(Mailbox(alice)).AutomaticReplies = new EmulatedAutomaticReplies("disabled", null, null, null);

        // Read every Exchange:AutomaticRepliesInterval (15 minutes): until then the last known state stays.
        await AdvanceKeepingAliceActiveAsync(alice, TimeSpan.FromMinutes(5));
        await PollAsync();
        var beforeTheNextRead = await _cluster.Client.GetPresenceAsync(bob, alice);
        await AdvanceKeepingAliceActiveAsync(alice, TimeSpan.FromMinutes(10));
        await PollAsync();
        var afterwards = await _cluster.Client.GetPresenceAsync(bob, alice);

        Assert.Equal("Back on Monday & reachable by phone", colleague.OofNote?.Text);
        Assert.Equal(GraphActivity.OutOfOffice, colleague.GraphActivity);
        Assert.Null(external.OofNote);
        Assert.Equal("Back on Monday & reachable by phone", beforeTheNextRead.OofNote?.Text);
        Assert.Equal(GraphActivity.OutOfOffice, beforeTheNextRead.GraphActivity);
        Assert.Null(afterwards.OofNote);
        Assert.NotEqual(GraphActivity.OutOfOffice, afterwards.GraphActivity);
    }

    [Fact]
    public async Task Outage_KeepsTheLastKnownSchedule_AndTheConnectorRecoversByItself()
    {
        var alice = Users.New("alice");
        await SignInAsync(alice);
        var now = _time.GetUtcNow();
        _exchange.Mailbox(Mailbox(alice)).Add(new EmulatedEvent(now, now.AddHours(2), "busy", "Offsite"));
        await PollAsync();

        _exchange.Down = true;
        var duringOutage = await PollAsync();
        var presenceDuringOutage = await _cluster.Client.GetOwnPresenceAsync(alice);
        var pollers = Pollers();
        // The silo that hosts Alice's presence polled her mailbox and now backs off; the other had nothing to read.
        var failing = Assert.Single(pollers, poller => !poller.Health.MaySend(_time.GetUtcNow()));
        Assert.Contains("503", failing.Health.LastError, StringComparison.Ordinal);
        var statuses = await Task.WhenAll(
            (await _cluster.Cluster.Client.GetGrain<IClusterStatusGrain>(0).GetActiveSilosAsync()).Select(silo => _cluster.Cluster.Client.GetGrain<IExchangeStatusGrain>(silo).GetStatusAsync()));
        var requestsWhileBlocked = _exchange.Requests;
        await PollAsync();
        Assert.Equal(requestsWhileBlocked, _exchange.Requests);

        _exchange.Down = false;
        _exchange.Mailbox(Mailbox(alice)).Clear();
        _time.Advance(TimeSpan.FromMinutes(2));
        await SignInAsync(alice);
        var recovered = await PollAsync();

        Assert.Equal(0, duringOutage);
        Assert.Equal(2, statuses.Length);
        var backingOff = Assert.Single(statuses, status => status.BackingOffUntil is not null);
        Assert.Equal(1, backingOff.ConsecutiveFailures);
        Assert.Contains("503", backingOff.LastError, StringComparison.Ordinal);
        Assert.All(statuses, status => Assert.NotEqual("None", status.Backend));
        Assert.Equal(ActivityToken.InAMeeting, presenceDuringOutage.Activity);
        Assert.True(recovered >= 1);
        Assert.Null((await _cluster.Client.GetOwnPresenceAsync(alice)).Activity);
        Assert.All(pollers, poller => Assert.Equal(0, poller.Health.ConsecutiveFailures));
    }

    [Fact]
    public async Task Throttling_RetryAfterIsObeyed_AndNoMailboxEverHasMoreThanFourRequestsInFlight()
    {
        var users = Enumerable.Range(0, 30).Select(i => Users.New($"user{i}")).ToList();
        foreach (var user in users)
        {
            await SignInAsync(user);
            _exchange.Mailbox(Mailbox(user)).Add(new EmulatedEvent(_time.GetUtcNow(), _time.GetUtcNow().AddHours(1), "busy"));
        }

        var requests = _cluster.Cluster.Silos.Select(silo => new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(
            silo.ServiceProvider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), PresenceCluster.Diagnostics.PresenceMetrics.MeterName, "exchange.requests")).ToList();
        _exchange.Inject(new EmulatorFault.Throttle(TimeSpan.FromSeconds(30)), new EmulatorFault.Unavailable(), new EmulatorFault.WrongShape());
        for (var round = 0; round < 6; round++)
        {
            await Task.WhenAll(PollAsync(), PollAsync());
            _time.Advance(TimeSpan.FromSeconds(20));
        }

        Assert.Equal(3, _exchange.FaultsInjected);
        var outcomes = requests.SelectMany(collector => collector.GetMeasurementSnapshot()).Select(m => (string)m.Tags["outcome"]!).ToList();
        requests.ForEach(collector => collector.Dispose());
        Assert.Equal(1, outcomes.Count(o => o == "throttled"));
        Assert.Equal(1, outcomes.Count(o => o == "unavailable"));
        Assert.Equal(1, outcomes.Count(o => o == "bad_answer"));
        Assert.True(outcomes.Count(o => o == "success") >= 2);
        Assert.Equal(0, _exchange.EarlyRequests);
        Assert.InRange(_exchange.MaxInFlightPerMailbox, 1, ExchangeEmulator.ExchangeEmulator.MailboxConcurrency);
        Assert.Equal(0, _exchange.ConcurrencyRefusals);
        foreach (var user in users)
        {
            Assert.Equal(ActivityToken.InAMeeting, (await _cluster.Client.GetOwnPresenceAsync(user)).Activity);
        }
    }

    [Fact]
    public async Task MailboxOverride_ReadsThatMailbox_AndBadAddressesAreRefused()
    {
        var bob = Users.New("bob");
        await SignInAsync(bob);
        var overrides = _cluster.Cluster.Client.GetGrain<IMailboxOverrideGrain>(IMailboxOverrideGrain.Key);
        _exchange.Mailbox("robert.smith@contoso.com").Add(new EmulatedEvent(_time.GetUtcNow(), _time.GetUtcNow().AddHours(1), "busy", "Board"));

        await PollAsync();
        var byRule = await _cluster.Client.GetOwnPresenceAsync(bob);
        await overrides.SetAsync(bob.Value, "robert.smith@contoso.com");
        await PollAsync();
        var byOverride = await _cluster.Client.GetOwnPresenceAsync(bob);
        var refused = await Assert.ThrowsAsync<PresenceCluster.Errors.InvalidInputException>(() => overrides.SetAsync(bob.Value, "Robert <robert@contoso.com>"));

        Assert.Null(byRule.Activity);
        Assert.Equal(ActivityToken.InAMeeting, byOverride.Activity);
        Assert.Equal("Board", byOverride.Meeting?.Subject);
        Assert.Contains("not an SMTP address", refused.Message, StringComparison.Ordinal);
        Assert.Equal("robert.smith@contoso.com", (await overrides.ListAsync())[bob.Value]);
    }

    [Fact]
    public async Task ThrottlingStorm_EveryWaitIsObeyed_WithGrowingBackOff_AndEveryUserEndsPublished()
    {
        var users = Enumerable.Range(0, 10).Select(i => Users.New($"storm{i}")).ToList();
        foreach (var user in users)
        {
            await SignInAsync(user);
            _exchange.Mailbox(Mailbox(user)).Add(new EmulatedEvent(_time.GetUtcNow(), _time.GetUtcNow().AddHours(2), "busy"));
        }

        _exchange.Inject([.. Enumerable.Range(0, 12).Select(_ => (EmulatorFault)new EmulatorFault.Throttle(TimeSpan.FromSeconds(10)))]);
        var rounds = 0;
        while (!await AllInAMeetingAsync(users) && rounds++ < 200)
        {
            await PollAsync();
            _time.Advance(TimeSpan.FromSeconds(30));

            // The users keep working through the storm (an idle, Away machine would outrank the meeting).
            foreach (var user in users)
            {
                await SignInAsync(user);
            }
        }

        Assert.Equal(12, _exchange.FaultsInjected);
        Assert.Equal(0, _exchange.EarlyRequests);
        Assert.InRange(_exchange.MaxInFlightPerMailbox, 1, ExchangeEmulator.ExchangeEmulator.MailboxConcurrency);
        Assert.True(rounds < 200, $"still throttled after {rounds} rounds at {_time.GetUtcNow():O}: " + string.Join(" | ", Pollers().Select(p =>
            $"{p.LastRoundMailboxes} read, {p.Health.ConsecutiveFailures} failing, until {p.Health.BlockedUntil:O}, over budget {p.OverBudget}, unknown {p.UnknownMailboxes}, {p.Health.LastError}")) + $"; requests {_exchange.Requests}");
        Assert.All(Pollers(), poller => Assert.Equal(0, poller.Health.ConsecutiveFailures));
    }

    private async Task<bool> AllInAMeetingAsync(IEnumerable<SipUri> users)
    {
        foreach (var user in users)
        {
            if ((await _cluster.Client.GetOwnPresenceAsync(user)).Activity != ActivityToken.InAMeeting)
            {
                return false;
            }
        }

        return true;
    }

    protected static string Mailbox(SipUri user) => user.Address;

    protected Task SignInAsync(SipUri user) =>
        _cluster.Client.PublishEndpointAsync(user, new EndpointPublication { EndpointId = "pc", DeviceClass = DeviceClass.Computer, Lifetime = TimeSpan.FromHours(4) });

    /// <summary>The clock moves on while the user keeps working (an idle machine would outrank the calendar).</summary>
    private async Task AdvanceKeepingAliceActiveAsync(SipUri user, TimeSpan by)
    {
        _time.Advance(by - TimeSpan.FromMinutes(1));
        await SignInAsync(user);
        _time.Advance(TimeSpan.FromMinutes(1));
    }

    protected List<MailboxPoller> Pollers() => [.. _cluster.Cluster.Silos.Select(silo => silo.ServiceProvider.GetRequiredService<MailboxPoller>())];

    /// <summary>One round on every silo (each reads the users whose presence it hosts); the users updated in all.</summary>
    protected async Task<int> PollAsync() => (await Task.WhenAll(Pollers().Select(poller => poller.PollOnceAsync(CancellationToken.None)))).Sum();
}
