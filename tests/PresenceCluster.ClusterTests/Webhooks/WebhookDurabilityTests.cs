using Orleans.Runtime;
using PresenceCluster.ClusterTests.Infrastructure;
using PresenceCluster.Grains;
using PresenceCluster.Identity;
using PresenceCluster.Presence;
using PresenceCluster.Webhooks;

namespace PresenceCluster.ClusterTests.Webhooks;

/// <summary>
/// Webhook subscriptions are durable: they keep delivering when the silo that held one is killed (the grain moves)
/// and after the whole cluster restarts over the same store.
/// </summary>
public sealed class WebhookDurabilityTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Webhooks:AllowLoopback"] = "true",
        ["Webhooks:ResumeInterval"] = "00:00:05",
    };

    private readonly string _dataDirectory = PresenceTestCluster.NewDataDirectory();
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task KillingTheSiloThatHoldsASubscription_MovesIt_AndTheNextChangeIsDelivered()
    {
        await using var cluster = await PresenceTestCluster.StartAsync(_dataDirectory, silos: 3, settings: Settings);
        var (alice, bob) = (Users.New("alice"), Users.New("bob"));
        await SignInAsync(cluster, bob);
        var (id, host) = await SubscriptionHostedOutsideThePrimaryAsync(cluster, alice, bob);

        await cluster.Cluster.KillSiloAsync(cluster.Cluster.GetSiloForAddress(host)!);
        await cluster.Cluster.WaitForLivenessToStabilizeAsync();
        await SignInAsync(cluster, bob);
        await cluster.Client.SetManualStateAsync(bob, ManualState.Busy);

        var item = await NextItemForAsync(id);
        Assert.Equal(SipUri.Parse(bob.Value).Address, item.GetProperty("resourceData").GetProperty("id").GetString());
        Assert.Equal(GraphAvailability.Busy, (await cluster.Client.GetOwnPresenceAsync(bob)).GraphAvailability);
    }

    [Fact]
    public async Task RestartingTheWholeCluster_ResumesTheSubscription_WithoutRepeatingWhatWasDelivered()
    {
        var (alice, bob) = (Users.New("alice"), Users.New("bob"));
        string id;
        await using (var first = await PresenceTestCluster.StartAsync(_dataDirectory, silos: 2, settings: Settings))
        {
            await SignInAsync(first, bob);
            id = (await CreateAsync(first, alice, bob)).Id;
            await first.Client.SetManualStateAsync(bob, ManualState.Busy);
            await NextItemForAsync(id);
        }

        await using var second = await PresenceTestCluster.StartAsync(_dataDirectory, silos: 2, settings: Settings);
        await SignInAsync(second, bob);
        await second.Client.SetManualStateAsync(bob, ManualState.DoNotDisturb);

        var item = await NextItemForAsync(id);
        Assert.Equal(SipUri.Parse(bob.Value).Address, item.GetProperty("resourceData").GetProperty("id").GetString());
        var subscription = await GrainOf(second, id).GetAsync(alice.Value);
        Assert.Equal([bob.Value], subscription.Targets);

        // One notification before the restart, one after: the resumed subscription did not send Busy again.
        Assert.Equal(2, (await GrainOf(second, id).GetDeliveryStatusAsync(alice.Value)).Delivered);
    }

    private static IWebhookSubscriptionGrain GrainOf(PresenceTestCluster cluster, string id) =>
        cluster.Cluster.Client.GetGrain<IWebhookSubscriptionGrain>(id);

    private Task<WebhookSubscription> CreateAsync(PresenceTestCluster cluster, SipUri owner, SipUri watched)
    {
        var id = Guid.NewGuid().ToString("D");
        return GrainOf(cluster, id).CreateAsync(new WebhookSubscription
        {
            Id = id,
            Owner = owner.Value,
            Resource = $"/communications/presences/{SipUri.Parse(watched.Value).Address}",
            Targets = [watched.Value],
            NotificationUrl = _receiver.NotificationUrl,
            ClientState = "durable",
            ExpirationDateTime = cluster.Time.GetUtcNow().AddMinutes(50),
        });
    }

    private async Task<(string Id, SiloAddress Host)> SubscriptionHostedOutsideThePrimaryAsync(PresenceTestCluster cluster, SipUri owner, SipUri watched)
    {
        var primary = cluster.Cluster.Silos[0].SiloAddress;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var subscription = await CreateAsync(cluster, owner, watched);
            if (cluster.Cluster.TryGetGrainContext(GrainOf(cluster, subscription.Id).GetGrainId(), out var context) && !context.Address.SiloAddress!.Equals(primary))
            {
                return (subscription.Id, context.Address.SiloAddress);
            }

            await GrainOf(cluster, subscription.Id).DeleteAsync(owner.Value);
        }

        throw new InvalidOperationException("No subscription landed outside the primary silo in 50 tries.");
    }

    /// <summary>The next notification item of subscription <paramref name="id"/>, skipping others'.</summary>
    private async Task<System.Text.Json.JsonElement> NextItemForAsync(string id)
    {
        while (true)
        {
            var notification = await _receiver.NextNotificationAsync();
            foreach (var item in notification.GetProperty("value").EnumerateArray())
            {
                if (item.GetProperty("subscriptionId").GetString() == id)
                {
                    return item;
                }
            }
        }
    }

    private static Task SignInAsync(PresenceTestCluster cluster, SipUri user) =>
        cluster.Client.PublishEndpointAsync(user, new EndpointPublication { EndpointId = "laptop", DeviceClass = DeviceClass.Computer });
}
