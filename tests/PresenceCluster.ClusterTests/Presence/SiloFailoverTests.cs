using Orleans.Runtime;
using PresenceCluster.Client;
using PresenceCluster.ClusterTests.Infrastructure;
using PresenceCluster.Grains;
using PresenceCluster.Identity;
using PresenceCluster.Presence;

namespace PresenceCluster.ClusterTests.Presence;

/// <summary>Losing the silo that hosts a user's grains: durable state survives, the endpoint comes back with its next heartbeat, subscriptions repair themselves.</summary>
public sealed class SiloFailoverTests : IAsyncLifetime
{
    private readonly string _dataDirectory = PresenceTestCluster.NewDataDirectory();
    private PresenceTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await PresenceTestCluster.StartAsync(_dataDirectory, silos: 3);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task KillingTheHostSilo_KeepsDurableState_RepairsTheEndpointOnHeartbeat_AndTheSubscriptionByItself()
    {
        var client = _cluster.Client;
        var bob = Users.New("bob");
        var (alice, host) = await UserHostedOutsideThePrimaryAsync();
        await client.SetNoteAsync(alice, "Before the crash");
        await client.PublishEndpointAsync(alice, new EndpointPublication { EndpointId = "pc" });
        await using var subscription = await client.SubscribeAsync(bob, [alice]);
        var before = Assert.Single(subscription.InitialViews);
        var staleSignals = new System.Collections.Concurrent.ConcurrentQueue<bool>();
        subscription.StaleChanged += staleSignals.Enqueue;

        await _cluster.Cluster.KillSiloAsync(_cluster.Cluster.GetSiloForAddress(host)!);
        await _cluster.Cluster.WaitForLivenessToStabilizeAsync();

        // The endpoint was soft state on the lost silo; the SDK's next heartbeat publishes it again in the same call.
        await client.HeartbeatEndpointAsync(alice, "pc");
        Assert.Equal(GraphAvailability.Available, (await client.GetOwnPresenceAsync(alice)).GraphAvailability);

        // The subscription repairs itself (a silo left): no renewal by hand, and the watcher ends on the latest view.
        await client.SetManualStateAsync(alice, ManualState.BeRightBack);
        var changes = new List<PresenceView>();
        while (changes.LastOrDefault()?.Availability != LyncAvailability.BeRightBack)
        {
            changes.Add(await subscription.NextChangeAsync());
        }

        // The application was told that the subscription could not be vouched for, and then that it was again.
        Assert.Equal([true, false], staleSignals.Take(2));
        Assert.False(subscription.IsStale);

        var own = await client.GetOwnPresenceAsync(alice);
        Assert.Equal("Before the crash", before.Note);
        Assert.Equal("Before the crash", own.Note);
        Assert.All(changes, change => Assert.True(change.Sequence > before.Sequence));
        Assert.True(changes.Select(c => c.Sequence).SequenceEqual(changes.Select(c => c.Sequence).Order()));
        Assert.Equal(LyncAvailability.BeRightBack, (await client.GetPresenceAsync(bob, alice)).Availability);
    }

    [Fact]
    public async Task StoppingTheHostSiloGracefully_HandsTheUserOver_WithEndpointAndSubscription()
    {
        // A client whose subscriptions do not repair themselves within the test: what survives, the handover carried.
        var client = new PresenceClusterClient(_cluster.Cluster.Client, new PresenceClientOptions
        {
            SubscriptionRenewalInterval = TimeSpan.FromMinutes(30),
            SubscriptionCheckInterval = TimeSpan.FromMinutes(1),
        });
        var bob = Users.New("bob");
        var (alice, host) = await UserHostedOutsideThePrimaryAsync();
        await client.PublishEndpointAsync(alice, new EndpointPublication { EndpointId = "pc", DeviceClass = DeviceClass.Computer });
        await client.SetNoteAsync(alice, "Before the restart");
        await using var subscription = await client.SubscribeAsync(bob, [alice]);

        await _cluster.Cluster.StopSiloAsync(_cluster.Cluster.GetSiloForAddress(host)!);

        var grain = _cluster.Cluster.Client.GetGrain<IPresenceGrain>(UserGrainKey.For(alice));
        Assert.True(_cluster.Cluster.TryGetGrainContext(grain.GetGrainId(), out var moved), "the grain is active on a silo that stayed");
        Assert.NotEqual(host, moved!.Address.SiloAddress);
        Assert.Equal(GraphAvailability.Available, (await client.GetOwnPresenceAsync(alice)).GraphAvailability);
        Assert.Equal([bob], await client.GetWatchersAsync(alice));

        await client.SetManualStateAsync(alice, ManualState.Busy);
        var change = await subscription.NextChangeAsync();
        Assert.Equal(GraphAvailability.Busy, change.GraphAvailability);
        Assert.Equal("Before the restart", change.Note);
        Assert.False(subscription.IsStale);
    }

    /// <summary>A user whose presence grain runs on a silo other than the first (which the test cluster needs).</summary>
    private async Task<(SipUri User, SiloAddress Host)> UserHostedOutsideThePrimaryAsync()
    {
        var primary = _cluster.Cluster.Silos[0].SiloAddress;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var user = Users.New("alice");
            var grain = _cluster.Cluster.Client.GetGrain<IPresenceGrain>(UserGrainKey.For(user));
            await grain.GetOwnPresenceAsync();
            if (_cluster.Cluster.TryGetGrainContext(grain.GetGrainId(), out var context) && !context.Address.SiloAddress!.Equals(primary))
            {
                return (user, context.Address.SiloAddress);
            }
        }

        throw new InvalidOperationException("No user landed outside the primary silo in 100 tries.");
    }
}
