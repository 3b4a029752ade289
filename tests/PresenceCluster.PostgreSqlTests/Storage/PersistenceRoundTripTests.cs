using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using PresenceCluster.Contacts;
using PresenceCluster.Grains;
using PresenceCluster.Hosting;
using PresenceCluster.Identity;
using PresenceCluster.PostgreSqlTests.Infrastructure;
using PresenceCluster.Presence;
using PresenceCluster.Privacy;

namespace PresenceCluster.PostgreSqlTests.Storage;

/// <summary>Every durable grain's state through Orleans' ADO.NET provider and our SQL, across a full cluster restart.</summary>
public sealed class PersistenceRoundTripTests
{
    private static readonly string[] TrickyUsers =
    [
        "sip:+14255550100@contoso.com;user=phone",
        "sip:14255550100@contoso.com;user=phone",
        "sip:020235@contoso.com",
        "sip:20235@contoso.com",
        "sip:0x1f@contoso.com",
        "sip:a%2bb@contoso.com",
    ];

    [PostgresFact]
    public async Task ContactListAndPresence_SurviveAClusterRestart_WithDistinctTrickyKeys()
    {
        var alice = SipUri.Parse("sip:alice@contoso.com");
        var bob = SipUri.Parse("sip:bob@fabrikam.com");
        string connectionString;
        ContactList before;
        await using (var first = await PostgresCluster.StartNewAsync(silos: 3, keepDatabase: true))
        {
            connectionString = first.ConnectionString;
            var client = first.Client;
            var group = await client.CreateGroupAsync(alice, "Partners");
            await client.SetContactAsync(alice, new Contact { Uri = bob.Value, DisplayName = "Bob", GroupIds = [group.Id], AccessLevel = AccessLevel.FriendsAndFamily, Tags = ContactTags.NotifyWhenAvailable });
            await client.SetPrivacyModeAsync(alice, true);
            await client.SetManualStateAsync(alice, ManualState.Busy, TimeSpan.FromHours(2));
            await client.SetNoteAsync(alice, "one");
            await client.SetNoteAsync(alice, "two");
            await client.SetContactCardAsync(alice, new ContactCard { DisplayName = "Alice", HomePhone = "+1 555 0102" });
            await client.SetCalendarDataAsync(alice, new CalendarData { FreeBusyStart = DateTimeOffset.UnixEpoch, FreeBusy = "0220" });
            foreach (var user in TrickyUsers)
            {
                await client.SetNoteAsync(SipUri.Parse(user), user);
                await client.SetContactAsync(SipUri.Parse(user), new Contact { Uri = alice.Value, DisplayName = user });
            }

            before = await client.GetContactListAsync(alice);
        }

        await using var second = await PostgresCluster.StartAsync(connectionString, silos: 2, ownsDatabase: true);
        var restarted = second.Client;
        var list = await restarted.GetContactListAsync(alice);
        var own = await restarted.GetOwnPresenceAsync(alice);
        var asBob = await restarted.GetPresenceAsync(bob, alice);
        var notes = new List<string?>();
        var names = new List<string?>();
        foreach (var user in TrickyUsers)
        {
            notes.Add((await restarted.GetOwnPresenceAsync(SipUri.Parse(user))).Note);
            names.Add((await restarted.GetContactListAsync(SipUri.Parse(user))).Contacts.Single().DisplayName);
        }

        Assert.Equal(before.Version, list.Version);
        Assert.True(list.PrivacyMode);
        Assert.Equal("Partners", Assert.Single(list.Groups).Name);
        var contact = Assert.Single(list.Contacts);
        Assert.Equal((before.Contacts[0].Uri, before.Contacts[0].AccessLevel, before.Contacts[0].Tags, before.Contacts[0].DisplayName), (contact.Uri, contact.AccessLevel, contact.Tags, contact.DisplayName));
        Assert.Equal(before.Contacts[0].GroupIds, contact.GroupIds);
        Assert.Equal(ManualState.Busy, own.ManualState);
        Assert.Equal("two", own.Note);
        Assert.Equal(["one"], own.NoteHistory);
        Assert.Equal("0220", own.Calendar?.FreeBusy);
        Assert.Equal("+1 555 0102", asBob.Card?.HomePhone);
        Assert.Equal(TrickyUsers, notes);
        Assert.Equal(TrickyUsers, names);
    }

    [PostgresFact]
    public async Task WriteWithAStaleETag_IsRefusedAndTheStoredStateIsKept()
    {
        await using var cluster = await PostgresCluster.StartNewAsync(silos: 1);
        var storage = cluster.Cluster.GetSiloServiceProvider(cluster.Cluster.Silos[0].SiloAddress).GetRequiredKeyedService<IGrainStorage>(StorageNames.Provider);
        var grainId = GrainId.Create("contactlist", "sip:carol@contoso.com");
        var reader = new GrainState<ContactListRecord>(new ContactListRecord());
        var staleReader = new GrainState<ContactListRecord>(new ContactListRecord());
        await storage.WriteStateAsync(StorageNames.ContactListState, grainId, new GrainState<ContactListRecord>(new ContactListRecord { Version = 1 }));
        await storage.ReadStateAsync(StorageNames.ContactListState, grainId, reader);
        await storage.ReadStateAsync(StorageNames.ContactListState, grainId, staleReader);

        reader.State = reader.State! with { Version = 2 };
        await storage.WriteStateAsync(StorageNames.ContactListState, grainId, reader);
        staleReader.State = staleReader.State! with { Version = 99 };
        var error = await Assert.ThrowsAnyAsync<Exception>(() => storage.WriteStateAsync(StorageNames.ContactListState, grainId, staleReader));
        var stored = new GrainState<ContactListRecord>(new ContactListRecord());
        await storage.ReadStateAsync(StorageNames.ContactListState, grainId, stored);

        Assert.True(error is InconsistentStateException || error.InnerException is InconsistentStateException, error.ToString());
        Assert.Equal(2, stored.State!.Version);
    }

    [PostgresFact]
    public async Task SdkClient_JoinsThroughTheMembershipTable()
    {
        await using var cluster = await PostgresCluster.StartNewAsync(silos: 2);
        await using var sdk = await cluster.ConnectSdkClientAsync();
        var alice = SipUri.Parse("sip:alice@contoso.com");

        await sdk.SetNoteAsync(alice, "via the membership table");
        var seenByTheOtherClient = await cluster.Client.GetOwnPresenceAsync(alice);

        Assert.Equal("via the membership table", seenByTheOtherClient.Note);
    }
}
