using PresenceCluster.ClusterTests.Infrastructure;
using PresenceCluster.Errors;
using PresenceCluster.Presence;

namespace PresenceCluster.ClusterTests.Presence;

[Collection(ClusterCollection.Name)]
public sealed class PresenceFlowTests(ClusterFixture fixture)
{
    private PresenceTestCluster Cluster => fixture.Cluster;

    private static EndpointPublication Computer(MachineState machine = MachineState.Active, PhoneState phone = PhoneState.None) =>
        new() { EndpointId = "pc", DeviceClass = DeviceClass.Computer, MachineState = machine, PhoneState = phone };

    [Fact]
    public async Task PublishQuerySubscribe_ColleagueSeesEachVisibleChangeInOrder()
    {
        var alice = Users.New("alice");
        var bob = Users.New("bob");
        var client = Cluster.Client;
        await client.PublishEndpointAsync(alice, Computer());
        await client.SetNoteAsync(alice, "Writing the spec");

        var queried = await client.GetPresenceAsync(bob, alice);
        await using var subscription = await client.SubscribeAsync(bob, [alice]);
        await client.SetManualStateAsync(alice, ManualState.Busy);
        var busy = await subscription.NextChangeAsync();
        await client.PublishEndpointAsync(alice, Computer(phone: PhoneState.OnCall));
        var onCall = await subscription.NextChangeAsync();

        Assert.Equal(LyncAvailability.Available, queried.Availability);
        Assert.Equal("Writing the spec", queried.Note);
        Assert.Equal(DeviceClass.Computer, queried.DeviceClass);
        Assert.Equal(queried.Sequence, Assert.Single(subscription.InitialViews).Sequence);
        Assert.Equal(LyncAvailability.Busy, busy.Availability);
        Assert.Equal(GraphAvailability.Busy, busy.GraphAvailability);
        Assert.True(busy.Sequence > queried.Sequence);
        Assert.Equal(ActivityToken.OnThePhone, onCall.Activity);
        Assert.Equal(GraphActivity.InACall, onCall.GraphActivity);
        Assert.True(onCall.Sequence > busy.Sequence);
    }

    [Fact]
    public async Task IdleDecay_NoInput_SubscriberSeesInactiveThenAway()
    {
        var alice = Users.New("alice");
        var bob = Users.New("bob");
        var client = Cluster.Client;
        await client.PublishEndpointAsync(alice, Computer());
        await using var subscription = await client.SubscribeAsync(bob, [alice]);

        Cluster.Time.Advance(TimeSpan.FromMinutes(5));
        var inactive = await subscription.NextChangeAsync();
        await client.HeartbeatEndpointAsync(alice, "pc");

        // The SDK renews on the real clock; the fake one jumps, so renew as the SDK would have by now.
        await subscription.RenewAsync();
        Cluster.Time.Advance(TimeSpan.FromMinutes(5));
        var away = await subscription.NextChangeAsync();
        var queried = await client.GetPresenceAsync(bob, alice);

        Assert.Equal(LyncAvailability.Available, Assert.Single(subscription.InitialViews).Availability);
        Assert.Equal(LyncAvailability.AvailableIdle, inactive.Availability);
        Assert.Equal(GraphActivity.Inactive, inactive.GraphActivity);
        Assert.Equal(LyncAvailability.Away, away.Availability);
        Assert.Equal(LyncAvailability.Away, queried.Availability);
    }

    [Fact]
    public async Task EndpointWithoutHeartbeat_ExpiresAndUserGoesOffline_UntilItsClientHeartbeatsAgain()
    {
        var alice = Users.New("alice");
        var bob = Users.New("bob");
        var client = Cluster.Client;
        await client.PublishEndpointAsync(alice, Computer());

        Cluster.Time.Advance(TimeSpan.FromMinutes(10));
        var view = await client.GetPresenceAsync(bob, alice);

        Assert.Equal(LyncAvailability.Offline, view.Availability);
        var error = await Assert.ThrowsAsync<NotFoundException>(() => client.HeartbeatEndpointAsync(alice, "tablet"));
        Assert.Equal("endpoint", error.Kind);

        // The heartbeat contract: a heartbeat from the client that published the endpoint registers it again.
        await client.HeartbeatEndpointAsync(alice, "pc");
        Assert.Equal(LyncAvailability.Available, (await client.GetPresenceAsync(bob, alice)).Availability);
    }

    [Fact]
    public async Task EndpointWithItsOwnLifetime_OutlivesTheDefaultTimeout_AndExpiresAtItsOwn()
    {
        var alice = Users.New("alice");
        var bob = Users.New("bob");
        var client = Cluster.Client;
        await client.PublishEndpointAsync(alice, Computer() with { Lifetime = TimeSpan.FromHours(2) });

        Cluster.Time.Advance(TimeSpan.FromMinutes(90));
        var during = await client.GetPresenceAsync(bob, alice);
        Cluster.Time.Advance(TimeSpan.FromMinutes(31));
        var after = await client.GetPresenceAsync(bob, alice);

        Assert.NotEqual(LyncAvailability.Offline, during.Availability);
        Assert.Equal(LyncAvailability.Offline, after.Availability);
    }

    [Fact]
    public async Task ManualBusyWithExpiry_RevertsWhenItExpires()
    {
        var alice = Users.New("alice");
        var bob = Users.New("bob");
        var client = Cluster.Client;
        await client.PublishEndpointAsync(alice, Computer());
        await client.SetManualStateAsync(alice, ManualState.Busy, TimeSpan.FromMinutes(3));
        await using var subscription = await client.SubscribeAsync(bob, [alice]);

        Cluster.Time.Advance(TimeSpan.FromMinutes(3));
        var reverted = await subscription.NextChangeAsync();

        Assert.Equal(LyncAvailability.Busy, Assert.Single(subscription.InitialViews).Availability);
        Assert.Equal(LyncAvailability.Available, reverted.Availability);
        Assert.Equal(LyncAvailability.Available, (await client.GetPresenceAsync(bob, alice)).Availability);
    }

    [Fact]
    public async Task TooManyEndpoints_IsRefusedAndChangesNothing()
    {
        var alice = Users.New("alice");
        var client = Cluster.Client;
        for (var i = 0; i < 8; i++)
        {
            await client.PublishEndpointAsync(alice, Computer() with { EndpointId = $"device-{i}", MachineState = MachineState.Away });
        }

        var error = await Assert.ThrowsAsync<LimitReachedException>(() => client.PublishEndpointAsync(alice, Computer() with { EndpointId = "device-9" }));

        Assert.Equal(8, error.Limit);
        Assert.Equal(LyncAvailability.Away, (await client.GetOwnPresenceAsync(alice)).Availability);
    }

    [Fact]
    public async Task InvalidInput_IsRefusedWithTypedErrorAndChangesNothing()
    {
        var alice = Users.New("alice");
        var client = Cluster.Client;
        await client.SetNoteAsync(alice, "Before");

        var tooLong = await Assert.ThrowsAsync<InvalidInputException>(() => client.SetNoteAsync(alice, new string('x', 513)));
        var badExpiry = await Assert.ThrowsAsync<InvalidInputException>(() => client.SetManualStateAsync(alice, ManualState.Available, TimeSpan.FromHours(1)));
        var badEnum = await Assert.ThrowsAsync<InvalidInputException>(() => client.PublishEndpointAsync(alice, Computer() with { DeviceClass = (DeviceClass)77 }));
        var own = await client.GetOwnPresenceAsync(alice);

        Assert.Equal("note", tooLong.Parameter);
        Assert.Contains("at most 512", tooLong.Message, StringComparison.Ordinal);
        Assert.Equal("expiresAfter", badExpiry.Parameter);
        Assert.Equal("DeviceClass", badEnum.Parameter);
        Assert.Equal("Before", own.Note);
        Assert.Equal(LyncAvailability.Offline, own.Availability);
    }

    [Fact]
    public async Task NoteHistory_KeepsTheLastThreeEarlierNotes()
    {
        var alice = Users.New("alice");
        var client = Cluster.Client;
        foreach (var note in new[] { "one", "two", "three", "four", "five" })
        {
            await client.SetNoteAsync(alice, note);
        }

        var own = await client.GetOwnPresenceAsync(alice);

        Assert.Equal("five", own.Note);
        Assert.Equal(["four", "three", "two"], own.NoteHistory);
    }

    [Fact]
    public async Task CalendarState_FromServerSource_ShowsMeetingToWorkgroupOnly()
    {
        var alice = Users.New("alice");
        var bob = Users.New("bob");
        var carol = Users.New("carol");
        var client = Cluster.Client;
        await client.SetContactAsync(alice, new PresenceCluster.Contacts.Contact { Uri = carol.Value, AccessLevel = Privacy.AccessLevel.Workgroup });
        await client.PublishEndpointAsync(alice, Computer());
        var now = Cluster.Time.GetUtcNow();
        await client.PublishCalendarStateAsync(alice, new CalendarState { Kind = CalendarStateKind.InMeeting, Start = now, End = now.AddHours(1), Subject = "Roadmap", Location = "Room 2" });

        var views = await client.QueryPresenceAsync(bob, [alice]);
        var workgroup = await client.GetPresenceAsync(carol, alice);

        Assert.Equal(ActivityToken.InAMeeting, views[0].Activity);
        Assert.Null(views[0].Meeting);
        Assert.Equal("Roadmap", workgroup.Meeting?.Subject);
    }

    [Fact]
    public async Task Schedule_SwitchesToInAMeetingAtTheStartAndBackAtTheEnd_WithoutAnotherPublication()
    {
        var alice = Users.New("alice");
        var bob = Users.New("bob");
        var client = Cluster.Client;
        await client.PublishEndpointAsync(alice, Computer() with { Lifetime = TimeSpan.FromHours(4) });
        var now = Cluster.Time.GetUtcNow();
        var schedule = new CalendarSchedule
        {
            Items =
            [
                new ScheduleItem { Start = now.AddMinutes(30), End = now.AddMinutes(60), Status = FreeBusyStatus.Busy, Subject = "Review" },
                new ScheduleItem { Start = now.AddMinutes(70), End = now.AddMinutes(80), Status = FreeBusyStatus.Tentative },
            ],
        };
        await client.PublishScheduleAsync(alice, schedule);
        await using var subscription = await client.SubscribeAsync(bob, [alice]);
        var before = Assert.Single(subscription.InitialViews);

        // The watch is renewed as the SDK does (it lapses after 10 minutes of the fake clock) and Alice keeps using her
        // computer (an Away machine outranks a meeting); the meeting's start and end come from the grain's own
        // deadline, not from any call.
        Cluster.Time.Advance(TimeSpan.FromMinutes(25));
        await subscription.RenewAsync();
        await client.PublishEndpointAsync(alice, Computer() with { Lifetime = TimeSpan.FromHours(4) });
        Cluster.Time.Advance(TimeSpan.FromMinutes(5));
        var inMeeting = await NextMatchingAsync(subscription, view => view.Activity == ActivityToken.InAMeeting);
        Cluster.Time.Advance(TimeSpan.FromMinutes(25));
        await subscription.RenewAsync();
        await client.PublishEndpointAsync(alice, Computer() with { Lifetime = TimeSpan.FromHours(4) });
        Cluster.Time.Advance(TimeSpan.FromMinutes(5));
        var after = await NextMatchingAsync(subscription, view => view.Activity != ActivityToken.InAMeeting && view.Availability < LyncAvailability.Busy);
        var unchanged = await client.GetOwnPresenceAsync(alice);
        await client.PublishScheduleAsync(alice, schedule);

        Assert.Null(before.Activity);
        Assert.Equal(GraphActivity.InAMeeting, inMeeting.GraphActivity);
        Assert.True(inMeeting.Availability >= LyncAvailability.Busy);
        Assert.NotEqual(ActivityToken.InAMeeting, after.Activity);
        Assert.True(after.Availability < LyncAvailability.Busy);
        Assert.Equal(unchanged.Sequence, (await client.GetOwnPresenceAsync(alice)).Sequence);
    }

    private static async Task<PresenceView> NextMatchingAsync(PresenceCluster.Client.PresenceSubscription subscription, Func<PresenceView, bool> match)
    {
        while (true)
        {
            var change = await subscription.NextChangeAsync();
            if (match(change))
            {
                return change;
            }
        }
    }

    [Fact]
    public async Task Watchers_ListsLiveSubscriptionsAndDropsLapsedOnes()
    {
        var alice = Users.New("alice");
        var bob = Users.New("bob");
        var carol = Users.New("carol");
        var client = Cluster.Client;
        var bobs = await client.SubscribeAsync(bob, [alice]);
        await using var carols = await client.SubscribeAsync(carol, [alice]);

        var both = await client.GetWatchersAsync(alice);
        await bobs.DisposeAsync();
        var afterBobLeft = await client.GetWatchersAsync(alice);
        Cluster.Time.Advance(TimeSpan.FromMinutes(10));
        var afterLapse = await client.GetWatchersAsync(alice);
        await carols.RenewAsync();
        var afterRenewal = await client.GetWatchersAsync(alice);

        Assert.Equal(new[] { bob, carol }.OrderBy(u => u.Value, StringComparer.Ordinal), both);
        Assert.Equal([carol], afterBobLeft);
        Assert.Empty(afterLapse);
        Assert.Equal([carol], afterRenewal);
    }
}
