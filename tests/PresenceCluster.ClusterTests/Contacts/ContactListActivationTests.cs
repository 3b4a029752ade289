using PresenceCluster.ClusterTests.Infrastructure;
using PresenceCluster.Grains;
using PresenceCluster.Identity;

namespace PresenceCluster.ClusterTests.Contacts;

/// <summary>A contact list woken only to hand its privacy policy to a presence grain does not stay in memory.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ContactListActivationTests(ClusterFixture fixture)
{
    private PresenceTestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task ActivatedOnlyForThePolicy_Deactivates()
    {
        var alice = Users.New("alice");
        var contactList = Cluster.Cluster.Client.GetGrain<IContactListGrain>(UserGrainKey.For(alice)).GetGrainId();

        // A note activates the presence grain, which asks the contact list for the policy as it activates.
        await Cluster.Client.SetNoteAsync(alice, "Back at noon");
        var deactivation = Cluster.Cluster.WaitForDeactivationAsync(contactList);

        Assert.Same(deactivation, await Task.WhenAny(deactivation, Task.Delay(TimeSpan.FromSeconds(15))));
    }

    [Fact]
    public async Task UsedThroughItsOwnInterface_StaysActive()
    {
        var alice = Users.New("alice");
        var contactList = Cluster.Cluster.Client.GetGrain<IContactListGrain>(UserGrainKey.For(alice)).GetGrainId();

        await Cluster.Client.GetContactListAsync(alice);
        await Cluster.Client.QueryPresenceAsync(Users.New("bob"), [alice]);
        var deactivation = Cluster.Cluster.WaitForDeactivationAsync(contactList);
        var stillActive = await Task.WhenAny(deactivation, Task.Delay(TimeSpan.FromSeconds(1))) != deactivation;

        Assert.True(stillActive, "the contact list deactivated although a client used it");
        Assert.True(Cluster.Cluster.TryGetGrainContext(contactList, out _));
    }
}
