using PresenceCluster.ClusterTests.Infrastructure;
using PresenceCluster.Contacts;
using PresenceCluster.Errors;
using PresenceCluster.Presence;
using PresenceCluster.Privacy;

namespace PresenceCluster.ClusterTests.Contacts;

[Collection(ClusterCollection.Name)]
public sealed class ContactListTests(ClusterFixture fixture)
{
    private PresenceTestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Contacts_UpToTheConfiguredLimit_ThenRefusedWithNothingChanged()
    {
        var alice = Users.New("alice");
        var client = Cluster.Client;
        var group = await client.CreateGroupAsync(alice, "Team");
        for (var i = 0; i < 25; i++)
        {
            await client.SetContactAsync(alice, new Contact { Uri = $"sip:user{i}@contoso.com", GroupIds = [group.Id] });
        }

        var error = await Assert.ThrowsAsync<LimitReachedException>(() => client.SetContactAsync(alice, new Contact { Uri = "sip:extra@contoso.com" }));
        var list = await client.GetContactListAsync(alice);

        Assert.Equal(25, error.Limit);
        Assert.Equal(25, list.Contacts.Count);
        Assert.Equal(26, list.Version);
        Assert.DoesNotContain(list.Contacts, c => c.Uri == "sip:extra@contoso.com");
    }

    [Fact]
    public async Task Changes_SinceAVersion_AreExactlyTheLaterOnes()
    {
        var alice = Users.New("alice");
        var client = Cluster.Client;
        await client.SetContactAsync(alice, new Contact { Uri = "sip:bob@contoso.com" });
        var held = await client.SetContactAsync(alice, new Contact { Uri = "sip:carol@contoso.com" });
        var friends = await client.CreateGroupAsync(alice, "Friends");
        await client.SetContactAsync(alice, new Contact { Uri = "sip:bob@contoso.com", DisplayName = "Bob", GroupIds = [friends.Id] });
        var latest = await client.RemoveContactAsync(alice, Identity.SipUri.Parse("sip:carol@contoso.com"));

        var changes = await client.GetContactListChangesAsync(alice, held);
        var none = await client.GetContactListChangesAsync(alice, latest);

        Assert.False(changes.IsFullResync);
        Assert.Equal(latest, changes.ToVersion);
        Assert.Equal("Bob", Assert.Single(changes.UpsertedContacts).DisplayName);
        Assert.Equal(["sip:carol@contoso.com"], changes.RemovedContacts);
        Assert.Equal("Friends", Assert.Single(changes.UpsertedGroups).Name);
        Assert.Empty(none.UpsertedContacts);
        Assert.Empty(none.RemovedContacts);
    }

    [Fact]
    public async Task InvalidContactInput_IsRefusedWithTypedErrorAndChangesNothing()
    {
        var alice = Users.New("alice");
        var client = Cluster.Client;
        var before = await client.SetContactAsync(alice, new Contact { Uri = "sip:bob@contoso.com" });

        var badUri = await Assert.ThrowsAsync<InvalidInputException>(() => client.SetContactAsync(alice, new Contact { Uri = "bob@contoso.com" }));
        var badGroup = await Assert.ThrowsAsync<NotFoundException>(() => client.SetContactAsync(alice, new Contact { Uri = "sip:bob@contoso.com", GroupIds = [42] }));
        var unknown = await Assert.ThrowsAsync<NotFoundException>(() => client.SetAccessLevelAsync(alice, Identity.SipUri.Parse("sip:nobody@contoso.com"), AccessLevel.Blocked));
        var list = await client.GetContactListAsync(alice);

        Assert.Equal("contact.Uri", badUri.Parameter);
        Assert.Contains("does not start with 'sip:'", badUri.Message, StringComparison.Ordinal);
        Assert.Equal("group", badGroup.Kind);
        Assert.Equal("contact", unknown.Kind);
        Assert.Equal(before, list.Version);
        Assert.Empty(Assert.Single(list.Contacts).GroupIds);
    }

    [Fact]
    public async Task AccessLevelChange_IsVisibleToTheWatcherAtOnce()
    {
        var alice = Users.New("alice");
        var bob = Users.New("bob");
        var client = Cluster.Client;
        await client.PublishEndpointAsync(alice, new EndpointPublication { EndpointId = "pc" });
        await client.SetNoteAsync(alice, "In the lab");
        await client.SetContactCardAsync(alice, new ContactCard { DisplayName = "Alice", Email = "alice@contoso.com", MobilePhone = "+1 555 0101" });
        await client.SetContactAsync(alice, new Contact { Uri = bob.Value });
        await using var subscription = await client.SubscribeAsync(bob, [alice]);

        await client.SetAccessLevelAsync(alice, bob, AccessLevel.Blocked);
        var blockedQuery = await client.GetPresenceAsync(bob, alice);
        var blockedPush = await subscription.NextChangeAsync();
        await client.SetAccessLevelAsync(alice, bob, AccessLevel.Workgroup);
        var workgroupQuery = await client.GetPresenceAsync(bob, alice);
        var workgroupPush = await subscription.NextChangeAsync();

        var colleague = Assert.Single(subscription.InitialViews);
        Assert.Equal(LyncAvailability.Available, colleague.Availability);
        Assert.Equal("In the lab", colleague.Note);
        Assert.Null(colleague.Card?.MobilePhone);
        Assert.Equal(LyncAvailability.Offline, blockedQuery.Availability);
        Assert.Null(blockedQuery.Note);
        Assert.Equal("Alice", blockedQuery.Card?.DisplayName);
        Assert.Equal(blockedQuery.Sequence, blockedPush.Sequence);
        Assert.Equal(LyncAvailability.Offline, blockedPush.Availability);
        Assert.Equal(LyncAvailability.Available, workgroupQuery.Availability);
        Assert.Equal("+1 555 0101", workgroupQuery.Card?.MobilePhone);
        Assert.Equal("+1 555 0101", workgroupPush.Card?.MobilePhone);
        Assert.True(workgroupPush.Sequence > blockedPush.Sequence);
    }

    [Fact]
    public async Task PrivacyMode_HidesPresenceFromEveryoneOffTheList()
    {
        var alice = Users.New("alice");
        var bob = Users.New("bob");
        var carol = Users.New("carol", "fabrikam.com");
        var client = Cluster.Client;
        await client.PublishEndpointAsync(alice, new EndpointPublication { EndpointId = "pc" });
        await client.SetContactAsync(alice, new Contact { Uri = carol.Value });

        await client.SetPrivacyModeAsync(alice, true);
        var views = await client.QueryPresenceAsync(bob, [alice]);
        var external = await client.GetPresenceAsync(carol, alice);
        await client.SetPrivacyModeAsync(alice, false);
        var after = await client.GetPresenceAsync(bob, alice);

        Assert.Equal(LyncAvailability.Offline, views[0].Availability);
        Assert.Equal(LyncAvailability.Available, external.Availability);
        Assert.Null(external.Note);
        Assert.Equal(LyncAvailability.Available, after.Availability);
    }
}
