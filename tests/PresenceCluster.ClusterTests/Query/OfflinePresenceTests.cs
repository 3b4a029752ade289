using Microsoft.Extensions.DependencyInjection;
using PresenceCluster.ClusterTests.Infrastructure;
using PresenceCluster.Contacts;
using PresenceCluster.Diagnostics;
using PresenceCluster.Grains;
using PresenceCluster.Identity;
using PresenceCluster.Presence;
using PresenceCluster.Privacy;

namespace PresenceCluster.ClusterTests.Query;

/// <summary>
/// Users who are not online are answered from storage without activating their presence grain (nor their contact
/// list), each audience seeing what the grain itself would show; the owner keeps the answer, and the user's next
/// activation replaces it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OfflinePresenceTests(ClusterFixture fixture)
{
    private PresenceTestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task UserNotOnline_IsAnsweredFromStorage_WithoutAnActivation_AsTheGrainWouldForEachAudience()
    {
        var (alice, bob, erin, mallory) = (Users.New("alice"), Users.New("bob"), Users.New("erin", "fabrikam.com"), Users.New("mallory"));
        var client = Cluster.Client;
        await client.SetNoteAsync(alice, "On leave until Monday");
        await client.SetContactCardAsync(alice, new ContactCard { DisplayName = "Alice", Email = "alice@contoso.com", MobilePhone = "+1 555 0101" });
        await client.SetContactAsync(alice, new Contact { Uri = bob.Value, AccessLevel = AccessLevel.FriendsAndFamily });
        await client.SetContactAsync(alice, new Contact { Uri = mallory.Value, AccessLevel = AccessLevel.Blocked });
        var presence = Cluster.Cluster.Client.GetGrain<IPresenceGrain>(UserGrainKey.For(alice)).GetGrainId();
        var contactList = Cluster.Cluster.Client.GetGrain<IContactListGrain>(UserGrainKey.For(alice)).GetGrainId();

        // Owners know which grains are live once a membership change's transition is over (the cluster just started).
        await Waits.UntilAsync(() => Cluster.Cluster.Silos.All(silo => !silo.ServiceProvider.GetRequiredService<PresenceCluster.Query.IndexOwnership>().InTransition));

        // Alice's grains leave memory: her owner keeps her last entry and answers from it.
        await DeactivateAsync(presence, contactList);
        var readsBefore = OfflineReads();
        var fromLastEntry = await client.GetPresenceAsync(bob, alice);
        var readsFromLastEntry = OfflineReads() - readsBefore;

        // Once that lapses, from storage.
        Cluster.Time.Advance(TimeSpan.FromMinutes(6));
        readsBefore = OfflineReads();

        var views = new Dictionary<SipUri, PresenceView>();
        foreach (var watcher in new[] { bob, erin, mallory, Users.New("carol") })
        {
            views[watcher] = await client.GetPresenceAsync(watcher, alice);
        }

        var active = Cluster.Cluster.TryGetGrainContext(presence, out _) || Cluster.Cluster.TryGetGrainContext(contactList, out _);
        var reads = OfflineReads() - readsBefore;

        Assert.False(active, "a query activated the grains of a user who is not online");
        Assert.Equal(0, readsFromLastEntry);
        Assert.Equal("On leave until Monday", fromLastEntry.Note);
        Assert.Equal(LyncAvailability.Offline, fromLastEntry.Availability);
        Assert.Equal(1, reads);
        Assert.All(views.Values, view => Assert.Equal(LyncAvailability.Offline, view.Availability));
        Assert.Equal("On leave until Monday", views[bob].Note);
        Assert.Equal("+1 555 0101", views[bob].Card?.MobilePhone);
        Assert.Null(views[mallory].Note);

        // The grain, activated now, shows each audience the same; its first entry replaces the one read from storage.
        foreach (var (watcher, view) in views)
        {
            var fromGrain = await Cluster.Cluster.Client.GetGrain<IPresenceGrain>(UserGrainKey.For(alice)).GetViewAsync(watcher.Value);
            Assert.True(view.HasSameContentAs(fromGrain), $"{watcher}:\nstorage {view}\ngrain   {fromGrain}");
            Assert.True(fromGrain.Sequence > view.Sequence, $"{watcher}: the activation's sequence {fromGrain.Sequence} is not above {view.Sequence}");
        }

        await client.PublishEndpointAsync(alice, new EndpointPublication { EndpointId = "pc" });
        Assert.Equal(LyncAvailability.Available, (await client.GetPresenceAsync(bob, alice)).Availability);
    }


    private long OfflineReads() => Cluster.Cluster.Silos.Sum(silo => silo.ServiceProvider.GetRequiredService<PresenceMetrics>().OfflineReads);

    /// <summary>Collects every idle activation (the user has no endpoint and no subscriber, so both of hers are).</summary>
    private async Task DeactivateAsync(params GrainId[] grains)
    {
        var management = Cluster.Cluster.Client.GetGrain<IManagementGrain>(0);
        while (grains.Any(grain => Cluster.Cluster.TryGetGrainContext(grain, out _)))
        {
            await management.ForceActivationCollection(TimeSpan.Zero);
            await Task.Delay(50);
        }
    }
}
