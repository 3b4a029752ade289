using PresenceCluster.ClusterTests.Infrastructure;
using PresenceCluster.Contacts;
using PresenceCluster.Identity;
using PresenceCluster.Presence;
using PresenceCluster.Privacy;

namespace PresenceCluster.ClusterTests.Storage;

/// <summary>Stops a whole cluster and starts a new one over the same SQLite file: nothing durable may be lost.</summary>
public sealed class SiloRestartTests : IAsyncLifetime
{
    private readonly string _dataDirectory = PresenceTestCluster.NewDataDirectory();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_dataDirectory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task RestartOnSqliteStore_KeepsContactsManualStateNotesAndDistinctKeys()
    {
        var alice = SipUri.Parse("sip:alice@contoso.com");
        var bob = SipUri.Parse("sip:bob@contoso.com");
        string[] trickyUsers =
        [
            "sip:+14255550100@contoso.com;user=phone",
            "sip:14255550100@contoso.com;user=phone",
            "sip:020235@contoso.com",
            "sip:20235@contoso.com",
            "sip:0x1f@contoso.com",
        ];
        ContactList listBefore;
        long sequenceBefore;

        await using (var first = await PresenceTestCluster.StartAsync(_dataDirectory))
        {
            var client = first.Client;
            var team = await client.CreateGroupAsync(alice, "Team");
            await client.SetContactAsync(alice, new Contact { Uri = bob.Value, DisplayName = "Bob", GroupIds = [team.Id], AccessLevel = AccessLevel.Workgroup, IsFavourite = true });
            await client.SetPrivacyModeAsync(alice, true);
            await client.SetNoteAsync(alice, "first");
            await client.SetNoteAsync(alice, "second");
            await client.SetManualStateAsync(alice, ManualState.DoNotDisturb);
            await client.SetContactCardAsync(alice, new ContactCard { DisplayName = "Alice", MobilePhone = "+1 555 0101" });
            foreach (var user in trickyUsers)
            {
                await client.SetNoteAsync(SipUri.Parse(user), $"note of {user}");
            }

            listBefore = await client.GetContactListAsync(alice);
            sequenceBefore = (await client.GetOwnPresenceAsync(alice)).Sequence;
        }

        await using var second = await PresenceTestCluster.StartAsync(_dataDirectory);
        var restarted = second.Client;
        await restarted.PublishEndpointAsync(alice, new EndpointPublication { EndpointId = "pc" });
        var list = await restarted.GetContactListAsync(alice);
        var own = await restarted.GetOwnPresenceAsync(alice);
        var asBob = await restarted.GetPresenceAsync(bob, alice);
        var notes = new List<string?>();
        foreach (var user in trickyUsers)
        {
            notes.Add((await restarted.GetOwnPresenceAsync(SipUri.Parse(user))).Note);
        }

        Assert.Equal(listBefore.Version, list.Version);
        Assert.True(list.PrivacyMode);
        var contact = Assert.Single(list.Contacts);
        Assert.Equal(listBefore.Contacts[0] with { GroupIds = contact.GroupIds }, contact);
        Assert.Equal(listBefore.Contacts[0].GroupIds, contact.GroupIds);
        Assert.Equal("Team", Assert.Single(list.Groups).Name);
        Assert.Equal("second", own.Note);
        Assert.Equal(["first"], own.NoteHistory);
        Assert.Equal(LyncAvailability.DoNotDisturb, own.Availability);
        Assert.True(own.Sequence > sequenceBefore);
        Assert.Equal(LyncAvailability.BusyUrgentInterruptionsOnly, asBob.Availability);
        Assert.Equal("+1 555 0101", asBob.Card?.MobilePhone);
        Assert.Equal(trickyUsers.Select(u => $"note of {u}"), notes);
    }
}
