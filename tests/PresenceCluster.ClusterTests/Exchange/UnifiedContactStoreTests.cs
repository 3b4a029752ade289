using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using PresenceCluster.ClusterTests.Infrastructure;
using PresenceCluster.Contacts;
using PresenceCluster.ExchangeEmulator;
using PresenceCluster.Grains;
using PresenceCluster.Identity;
using PresenceCluster.OAuth;
using PresenceCluster.Presence;
using PresenceCluster.Privacy;
using Xunit.Abstractions;

namespace PresenceCluster.ClusterTests.Exchange;

/// <summary>
/// The unified contact store against the Exchange emulator, for each backend, in a real two-silo cluster on a fake
/// clock (sync intervals on the real one): migration at sign-in of a 1000-contact list with groups and access levels,
/// cut off by Exchange failing or by a silo killed, resuming to exactly one item per contact; edits on both sides
/// merged field by field; an outage whose edits reach the mailbox in order afterwards; rollback and the 7-day
/// re-migration; access levels changed in Outlook reaching watchers within one sync interval.
/// </summary>
public abstract class UnifiedContactStoreTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The sync interval of these tests (the shortest allowed).</summary>
    protected static readonly TimeSpan SyncInterval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly string _dataDirectory = PresenceTestCluster.NewDataDirectory();
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = new(PresenceTestCluster.Start);
    private ExchangeEmulator.ExchangeEmulator _exchange = null!;
    private PresenceTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _exchange = await ExchangeEmulator.ExchangeEmulator.StartAsync(_time);
        var settings = Settings(_exchange);
        settings["Exchange:PollInterval"] = "01:00:00";
        settings["Exchange:Contacts:UcsAllowed"] = "true";
        settings["Contacts:MaxContacts"] = "1000";
        settings["Exchange:Contacts:SyncInterval"] = SyncInterval.ToString();
        _cluster = await PresenceTestCluster.StartAsync(_dataDirectory, silos: 2, time: _time, settings: settings);
        _exchange.ApplicationCertificate = _cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<OAuthDirectory>().Signing!.Current;
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _exchange.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    /// <summary>The cluster's settings for this backend against <paramref name="exchange"/>.</summary>
    protected abstract Dictionary<string, string?> Settings(ExchangeEmulator.ExchangeEmulator exchange);

    [Fact]
    public async Task Migration_OfA1000ContactList_WithGroupsAndAccessLevels_MakesExactlyOneItemPerContact()
    {
        var alice = await UserWithListAsync(1000);
        var list = await _cluster.Client.GetContactListAsync(alice);
        var requestsBefore = _exchange.ContactRequests;

        var stopwatch = Stopwatch.StartNew();
        await SignInAsync(alice);
        var status = await EventuallyAsync(alice, s => s.Migration == ContactMigrationState.Migrated);
        stopwatch.Stop();
        var requests = _exchange.ContactRequests - requestsBefore;
        output.WriteLine($"{GetType().Name}: migration of 1000 contacts took {stopwatch.ElapsedMilliseconds} ms and {requests} requests ({_exchange.Contacts.Writes} writes)");

        AssertMailboxHolds(alice, await _cluster.Client.GetContactListAsync(alice));
        Assert.Equal(ContactStoreKind.Exchange, status.Store);
        Assert.Equal(1000, status.ContactsInMailbox);
        Assert.Equal(0, status.PendingEdits);
        Assert.Null(status.LastError);
        Assert.Equal(1, status.MigrationAttempts);
        Assert.Equal(1000, _exchange.Contacts.Writes);
        Assert.Equal(list.Contacts.Count, (await _cluster.Client.GetContactListAsync(alice)).Contacts.Count);

        // A second sync finds nothing to do: no write, the list's version unchanged.
        var version = (await _cluster.Client.GetContactListAsync(alice)).Version;
        await Store(alice).SyncNowAsync();
        Assert.Equal(1000, _exchange.Contacts.Writes);
        Assert.Equal(version, (await _cluster.Client.GetContactListAsync(alice)).Version);
    }

    [Fact]
    public async Task Migration_CutOffByExchangeFailing_ResumesToExactlyOneItemPerContact()
    {
        var alice = await UserWithListAsync(1000);
        _exchange.Contacts.DownAfterWrites = 400;

        await SignInAsync(alice);
        var failed = await EventuallyAsync(alice, s => s.LastError is not null);
        var writesWhileDown = _exchange.Contacts.Writes;
        _exchange.Down = false;
        _time.Advance(TimeSpan.FromMinutes(10));
        var resumed = await Store(alice).SyncNowAsync();

        Assert.Equal(ContactMigrationState.Migrating, failed.Migration);
        Assert.Equal(ContactStoreKind.Cluster, failed.Store);
        Assert.Equal(400, writesWhileDown);
        Assert.Equal(ContactMigrationState.Migrated, resumed.Migration);
        Assert.Null(resumed.LastError);
        Assert.Equal(2, resumed.MigrationAttempts);
        AssertMailboxHolds(alice, await _cluster.Client.GetContactListAsync(alice));
    }

    [Fact]
    public async Task Migration_CutOffByASiloKilled_ResumesToExactlyOneItemPerContact()
    {
        var (alice, host) = await UserWhoseStoreIsOutsideThePrimaryAsync(1000);
        _exchange.Contacts.WriteDelay = TimeSpan.FromMilliseconds(5);

        await SignInAsync(alice);
        await Waits.UntilAsync(() => _exchange.Contacts.Writes >= 300);
        await _cluster.Cluster.KillSiloAsync(_cluster.Cluster.GetSiloForAddress(host)!);
        await _cluster.Cluster.WaitForLivenessToStabilizeAsync();

        // A killed in-process silo's requests already sent still arrive (a killed process's would not): let them land.
        await Waits.UntilAsync(() => StableWrites());
        _exchange.Contacts.WriteDelay = TimeSpan.Zero;
        var resumed = await Store(alice).SyncNowAsync();

        Assert.Equal(ContactMigrationState.Migrated, resumed.Migration);
        Assert.Equal(2, resumed.MigrationAttempts);
        AssertMailboxHolds(alice, await _cluster.Client.GetContactListAsync(alice));
    }

    [Fact]
    public async Task EditsOnBothSides_BetweenTwoSyncs_AreMergedFieldByField_AndEveryEditIsAccountedFor()
    {
        var alice = await UserWithListAsync(6);
        await SignInAsync(alice);
        await EventuallyAsync(alice, s => s.Migration == ContactMigrationState.Migrated);
        var contacts = (await _cluster.Client.GetContactListAsync(alice)).Contacts;
        var (a, b, c, f) = (contacts[0], contacts[1], contacts[2], contacts[5]);
        var folder = Folder(alice);
        var team = (await _cluster.Client.GetContactListAsync(alice)).Groups[0];

        // In Outlook: a renamed, b renamed, c deleted, a new contact with an IM address in a group, one without any SIP address.
        _exchange.Contacts.OutlookEdit(ItemOf(alice, a.Uri).Id, item => item with { DisplayName = "A from Outlook" });
        _exchange.Contacts.OutlookEdit(ItemOf(alice, b.Uri).Id, item => item with { DisplayName = "B from Outlook" });
        _exchange.Contacts.OutlookDelete(ItemOf(alice, c.Uri).Id);
        _exchange.Contacts.OutlookAdd(folder.Id, "Dave", "dave@fabrikam.com", "sip:dave@contoso.com", team.Name);
        _exchange.Contacts.OutlookAdd(folder.Id, "Plumber", "plumber@example.org");

        // Through the cluster, before the next sync: a's access level, b's name, c's name, f removed.
        await _cluster.Client.SetAccessLevelAsync(alice, SipUri.Parse(a.Uri), AccessLevel.Workgroup);
        await _cluster.Client.SetContactAsync(alice, b with { DisplayName = "B from the cluster" });
        await _cluster.Client.SetContactAsync(alice, c with { DisplayName = "C kept" });
        await _cluster.Client.RemoveContactAsync(alice, SipUri.Parse(f.Uri));
        var status = await Store(alice).SyncNowAsync();
        var list = await _cluster.Client.GetContactListAsync(alice);

        var byUri = list.Contacts.ToDictionary(x => x.Uri);
        Assert.Equal("A from Outlook", byUri[a.Uri].DisplayName);
        Assert.Equal(AccessLevel.Workgroup, byUri[a.Uri].AccessLevel);
        Assert.Equal("B from the cluster", byUri[b.Uri].DisplayName);
        Assert.Equal("C kept", byUri[c.Uri].DisplayName);
        Assert.False(byUri.ContainsKey(f.Uri));
        Assert.Equal([team.Id], byUri["sip:dave@contoso.com"].GroupIds);
        Assert.Equal(6, list.Contacts.Count);
        Assert.Equal(1, status.OutsidePresence);
        Assert.Equal(0, status.PendingEdits);
        AssertMailboxHolds(alice, list, outsidePresence: 1);
        Assert.Equal("A from Outlook", ItemOf(alice, a.Uri).DisplayName);
        Assert.Equal("Workgroup", EmulatedContacts.Property(ItemOf(alice, a.Uri), "PresenceCluster.AccessLevel"));
        Assert.Equal("B from the cluster", ItemOf(alice, b.Uri).DisplayName);
    }

    [Fact]
    public async Task AnItemChangedInOutlookWhileTheClusterWritesIt_IsReadAgainMergedAndWritten()
    {
        var alice = await UserWithListAsync(2);
        await SignInAsync(alice);
        await EventuallyAsync(alice, s => s.Migration == ContactMigrationState.Migrated);
        var a = (await _cluster.Client.GetContactListAsync(alice)).Contacts[0];
        var conflictsBefore = _exchange.Contacts.Conflicts;

        // Outlook saves the item just before the cluster's write of it arrives: the change key is stale.
        _exchange.Contacts.BeforeNextUpdate = id => _exchange.Contacts.OutlookEdit(id, item => item with { DisplayName = "Renamed in Outlook" });
        await _cluster.Client.SetAccessLevelAsync(alice, SipUri.Parse(a.Uri), AccessLevel.Blocked);
        await Store(alice).SyncNowAsync();
        var merged = (await _cluster.Client.GetContactListAsync(alice)).Contacts.Single(x => x.Uri == a.Uri);

        Assert.Equal(conflictsBefore + 1, _exchange.Contacts.Conflicts);
        Assert.Equal("Renamed in Outlook", merged.DisplayName);
        Assert.Equal(AccessLevel.Blocked, merged.AccessLevel);
        Assert.Equal("Renamed in Outlook", ItemOf(alice, a.Uri).DisplayName);
        Assert.Equal("Blocked", EmulatedContacts.Property(ItemOf(alice, a.Uri), "PresenceCluster.AccessLevel"));
    }

    [Fact]
    public async Task Outage_EditsAreAcceptedAndKept_AndReachTheMailboxInOrder_AlsoWhenASiloIsKilled()
    {
        var (alice, host) = await UserWhoseStoreIsOutsideThePrimaryAsync(4);
        var bob = Users.New("bob");
        await SignInAsync(alice);
        await EventuallyAsync(alice, s => s.Migration == ContactMigrationState.Migrated);
        var contacts = (await _cluster.Client.GetContactListAsync(alice)).Contacts;
        var writesBefore = _exchange.Contacts.WriteLog.Count;

        _exchange.Down = true;
        await _cluster.Client.SetContactAsync(alice, new Contact { Uri = "sip:xavier@contoso.com", DisplayName = "Xavier" });
        await _cluster.Client.SetContactAsync(alice, contacts[0] with { DisplayName = "Renamed during the outage" });
        await _cluster.Client.SetContactAsync(alice, new Contact { Uri = bob.Value, AccessLevel = AccessLevel.Blocked });
        await _cluster.Client.RemoveContactAsync(alice, SipUri.Parse(contacts[1].Uri));
        var duringOutage = await Store(alice).SyncNowAsync();
        var servedFromCache = await _cluster.Client.GetContactListAsync(alice);
        var bobsView = await _cluster.Client.GetPresenceAsync(bob, alice);

        await _cluster.Cluster.KillSiloAsync(_cluster.Cluster.GetSiloForAddress(host)!);
        await _cluster.Cluster.WaitForLivenessToStabilizeAsync();
        _exchange.Down = false;
        _time.Advance(TimeSpan.FromMinutes(10));
        var after = await Store(alice).SyncNowAsync();

        Assert.NotNull(duringOutage.LastError);
        Assert.Equal(4, duringOutage.PendingEdits);
        Assert.Contains(servedFromCache.Contacts, x => x.DisplayName == "Renamed during the outage");
        Assert.Equal(LyncAvailability.Offline, bobsView.Availability);
        Assert.Null(after.LastError);
        Assert.Equal(0, after.PendingEdits);
        Assert.Equal(
            ["create sip:xavier@contoso.com", $"update {contacts[0].Uri}", $"create {bob.Value}", $"delete {contacts[1].Uri}"],
            _exchange.Contacts.WriteLog.Skip(writesBefore));
        AssertMailboxHolds(alice, await _cluster.Client.GetContactListAsync(alice));
    }

    [Fact]
    public async Task MailboxContactsBeyondTheLimit_AreReported_AndNeverDeleted()
    {
        var alice = await UserWithListAsync(998);
        await SignInAsync(alice);
        await EventuallyAsync(alice, s => s.Migration == ContactMigrationState.Migrated);
        var folder = Folder(alice);
        for (var i = 0; i < 5; i++)
        {
            _exchange.Contacts.OutlookAdd(folder.Id, $"New {i}", im: $"sip:new{i}@contoso.com");
        }

        var status = await Store(alice).SyncNowAsync();
        var writes = _exchange.Contacts.Writes;
        var again = await Store(alice).SyncNowAsync();

        Assert.Equal(1000, (await _cluster.Client.GetContactListAsync(alice)).Contacts.Count);
        Assert.Equal(3, status.OverLimit);
        Assert.Equal(3, again.OverLimit);
        Assert.Equal(1003, _exchange.Contacts.ItemsIn(folder.Id).Count);
        Assert.Equal(writes, _exchange.Contacts.Writes);
    }

    [Fact]
    public async Task FolderDeletedInOutlook_TheClustersCopyGoesIntoANewOne()
    {
        var alice = await UserWithListAsync(5);
        await SignInAsync(alice);
        await EventuallyAsync(alice, s => s.Migration == ContactMigrationState.Migrated);
        var first = Folder(alice);

        _exchange.Contacts.DeleteFolder(first.Id);
        var noticed = await Store(alice).SyncNowAsync();
        var again = await Store(alice).SyncNowAsync();

        Assert.Contains("folder is gone", noticed.LastError, StringComparison.Ordinal);
        Assert.Equal(ContactMigrationState.Migrated, again.Migration);
        Assert.NotEqual(first.Id, Folder(alice).Id);
        AssertMailboxHolds(alice, await _cluster.Client.GetContactListAsync(alice));
        Assert.Equal(5, (await _cluster.Client.GetContactListAsync(alice)).Contacts.Count);
    }

    [Fact]
    public async Task ExpiredSyncState_IsAFullResync_ThatChangesNothingTwice()
    {
        var alice = await UserWithListAsync(3);
        await SignInAsync(alice);
        await EventuallyAsync(alice, s => s.Migration == ContactMigrationState.Migrated);
        var a = (await _cluster.Client.GetContactListAsync(alice)).Contacts[0];
        _exchange.Contacts.OutlookEdit(ItemOf(alice, a.Uri).Id, item => item with { DisplayName = "Edited before expiry" });
        var versionBefore = (await _cluster.Client.GetContactListAsync(alice)).Version;
        var writesBefore = _exchange.Contacts.Writes;

        _exchange.Contacts.ExpireSyncStates();
        var status = await Store(alice).SyncNowAsync();
        await Store(alice).SyncNowAsync();
        var list = await _cluster.Client.GetContactListAsync(alice);

        Assert.Null(status.LastError);
        Assert.Equal(versionBefore + 1, list.Version);
        Assert.Equal("Edited before expiry", list.Contacts.Single(x => x.Uri == a.Uri).DisplayName);
        Assert.Equal(writesBefore, _exchange.Contacts.Writes);
    }

    [Fact]
    public async Task Rollback_MovesTheListBackToTheCluster_AndItMigratesAgainAfterSevenDays()
    {
        var alice = await UserWithListAsync(3);
        await SignInAsync(alice);
        await EventuallyAsync(alice, s => s.Migration == ContactMigrationState.Migrated);

        var rolledBack = await Store(alice).RollbackAsync();
        var writes = _exchange.Contacts.Writes;
        await _cluster.Client.SetContactAsync(alice, new Contact { Uri = "sip:yolanda@contoso.com", DisplayName = "Added after the rollback" });
        await SignOutAndInAsync(alice);
        var sixDaysOn = await AdvanceAndSignInAsync(alice, TimeSpan.FromDays(6));
        var writesAfterSixDays = _exchange.Contacts.Writes;
        await AdvanceAndSignInAsync(alice, TimeSpan.FromDays(1));
        var again = await EventuallyAsync(alice, s => s.Migration == ContactMigrationState.Migrated);

        Assert.Equal(ContactStoreKind.Cluster, rolledBack.Store);
        Assert.Equal(ContactMigrationState.RolledBack, rolledBack.Migration);
        Assert.Equal(rolledBack.RolledBackAt + TimeSpan.FromDays(7), rolledBack.MigratesAfter);
        Assert.Equal(ContactMigrationState.RolledBack, sixDaysOn.Migration);
        Assert.Equal(writes, writesAfterSixDays);
        Assert.Equal(ContactStoreKind.Exchange, again.Store);
        Assert.Equal(2, again.MigrationAttempts);
        AssertMailboxHolds(alice, await _cluster.Client.GetContactListAsync(alice));
        Assert.Equal("Added after the rollback", ItemOf(alice, "sip:yolanda@contoso.com").DisplayName);
    }

    [Fact]
    public async Task Rollback_WithThePolicyTurnedOff_Stays()
    {
        var alice = await UserWithListAsync(2);
        await SignInAsync(alice);
        await EventuallyAsync(alice, s => s.Migration == ContactMigrationState.Migrated);

        await Store(alice).SetPolicyAsync(new ContactStorePolicy { UcsAllowed = false });
        var rolledBack = await Store(alice).RollbackAsync();
        var later = await AdvanceAndSignInAsync(alice, TimeSpan.FromDays(8));

        Assert.Null(rolledBack.MigratesAfter);
        Assert.Equal(ContactStoreKind.Cluster, later.Store);
        Assert.Equal(ContactMigrationState.RolledBack, later.Migration);
        Assert.Equal(1, later.MigrationAttempts);
    }

    [Fact]
    public async Task AUserWithAMailboxOverride_HasTheListInThatMailbox()
    {
        var alice = await UserWithListAsync(3);
        await _cluster.Cluster.Client.GetGrain<IMailboxOverrideGrain>(IMailboxOverrideGrain.Key).SetAsync(alice.Value, "alice.smith@contoso.com");

        await SignInAsync(alice);
        var status = await EventuallyAsync(alice, s => s.Migration == ContactMigrationState.Migrated);

        Assert.Equal("alice.smith@contoso.com", status.Mailbox);
        Assert.Equal(3, _exchange.Contacts.ItemsIn(Assert.IsType<EmulatedContactFolder>(_exchange.Contacts.FindFolder("alice.smith@contoso.com", "PresenceCluster Contacts")).Id).Count);
        Assert.Null(_exchange.Contacts.FindFolder(alice.Address, "PresenceCluster Contacts"));
    }

    [Fact]
    public async Task MigrationDelay_MovesTheListOnlyAtTheFirstSignInAfterIt()
    {
        var alice = await UserWithListAsync(2);
        await Store(alice).SetPolicyAsync(new ContactStorePolicy { MigrationDelayInDays = 3 });
        await SignInAsync(alice);
        var waiting = await Store(alice).GetStatusAsync();
        var stillWaiting = await AdvanceAndSignInAsync(alice, TimeSpan.FromDays(2));
        await AdvanceAndSignInAsync(alice, TimeSpan.FromDays(1));
        var migrated = await EventuallyAsync(alice, s => s.Migration == ContactMigrationState.Migrated);

        Assert.Equal(ContactMigrationState.Waiting, waiting.Migration);
        Assert.Equal(PresenceTestCluster.Start.AddDays(3), waiting.MigratesAfter);
        Assert.Equal(ContactMigrationState.Waiting, stillWaiting.Migration);
        Assert.Equal(3, migrated.MigrationDelayInDays);
        Assert.Equal(0, (await Store(alice).SetPolicyAsync(null)).MigrationDelayInDays);
    }

    [Fact]
    public async Task AccessLevelChangedInOutlook_ReachesWatchers_WithinOneSyncInterval()
    {
        var alice = Users.New("alice");
        var bob = Users.New("bob");
        await _cluster.Client.SetContactAsync(alice, new Contact { Uri = bob.Value, DisplayName = "Bob" });
        await _cluster.Client.SetNoteAsync(alice, "In the lab today");
        await SignInAsync(alice);
        await EventuallyAsync(alice, s => s.Migration == ContactMigrationState.Migrated);
        var before = await _cluster.Client.GetPresenceAsync(bob, alice);

        // Another Outlook client sets the access level the cluster keeps on the item.
        var item = ItemOf(alice, bob.Value);
        var key = item.Properties.Keys.Single(k => k.EndsWith("|PresenceCluster.AccessLevel", StringComparison.Ordinal));
        var stopwatch = Stopwatch.StartNew();
        _exchange.Contacts.OutlookEdit(item.Id, i => i with { Properties = new Dictionary<string, string>(i.Properties) { [key] = "Blocked" } });
        while ((await _cluster.Client.GetPresenceAsync(bob, alice)).Availability != LyncAvailability.Offline && stopwatch.Elapsed < SyncInterval * 3)
        {
            await Task.Delay(100);
        }

        stopwatch.Stop();
        output.WriteLine($"access level changed in Outlook → watcher's view: {stopwatch.ElapsedMilliseconds} ms (sync interval {SyncInterval.TotalMilliseconds} ms)");
        Assert.Equal("In the lab today", before.Note);
        Assert.Equal(LyncAvailability.Offline, (await _cluster.Client.GetPresenceAsync(bob, alice)).Availability);
        Assert.True(stopwatch.Elapsed <= SyncInterval + TimeSpan.FromSeconds(2), $"took {stopwatch.Elapsed}");
        Assert.Equal(AccessLevel.Blocked, (await _cluster.Client.GetContactListAsync(alice)).Contacts.Single().AccessLevel);
    }

    /// <summary>A user with <paramref name="contacts"/> contacts in three groups, every third with an access level.</summary>
    private async Task<SipUri> UserWithListAsync(int contacts, SipUri? user = null)
    {
        var alice = user ?? Users.New("alice");
        var groups = new List<ContactGroup>();
        foreach (var name in new[] { "Team", "Friends", "Customers" })
        {
            groups.Add(await _cluster.Client.CreateGroupAsync(alice, name));
        }

        var levels = new AccessLevel?[] { null, AccessLevel.Colleagues, AccessLevel.Workgroup, null, AccessLevel.Blocked, AccessLevel.External };
        await Parallel.ForEachAsync(Enumerable.Range(0, contacts), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
            await _cluster.Client.SetContactAsync(alice, new Contact
            {
                Uri = $"sip:contact{i:D4}@{(i % 5 == 0 ? "fabrikam.com" : "contoso.com")}",
                DisplayName = $"Contact {i}",
                GroupIds = i % 4 == 3 ? [] : [groups[i % 3].Id],
                AccessLevel = levels[i % levels.Length],
                IsFavourite = i % 7 == 0,
                Tags = i % 11 == 0 ? ContactTags.NotifyWhenAvailable : ContactTags.None,
            }, token));
        return alice;
    }

    /// <summary>The mailbox's folder holds exactly one item per contact of <paramref name="list"/>, each as the list has it, and the list's groups.</summary>
    private void AssertMailboxHolds(SipUri user, ContactList list, int outsidePresence = 0)
    {
        var folder = Folder(user);
        var items = _exchange.Contacts.ItemsIn(folder.Id);
        Assert.Equal(list.Contacts.Count + outsidePresence, items.Count);
        Assert.All(list.Contacts, contact => Assert.NotNull(ItemOf(user, contact.Uri)));
        foreach (var contact in list.Contacts)
        {
            var item = ItemOf(user, contact.Uri);
            Assert.Equal(contact.DisplayName ?? SipUri.Parse(contact.Uri).Address, item.DisplayName);
            Assert.Equal(contact.AccessLevel?.ToString() ?? string.Empty, EmulatedContacts.Property(item, "PresenceCluster.AccessLevel") ?? string.Empty);
            Assert.Equal(contact.GroupIds.Select(id => list.Groups.Single(g => g.Id == id).Name).Order(), item.Categories.Order());
            Assert.Equal(contact.IsFavourite ? "true" : "false", EmulatedContacts.Property(item, "PresenceCluster.Favourite") ?? "false");
        }

        var metadata = folder.Properties.Single(p => p.Key.EndsWith("|PresenceCluster.List", StringComparison.Ordinal)).Value;
        Assert.All(list.Groups, group => Assert.Contains($"\"name\":\"{group.Name}\"", metadata, StringComparison.Ordinal));
    }

    private EmulatedContactFolder Folder(SipUri user) =>
        _exchange.Contacts.FindFolder(user.Address, "PresenceCluster Contacts") ?? throw new InvalidOperationException($"{user.Address} has no contact folder");

    private EmulatedContact ItemOf(SipUri user, string uri) =>
        Assert.Single(_exchange.Contacts.ItemsIn(Folder(user).Id), item => EmulatedContacts.Property(item, "PresenceCluster.SipUri") == uri || item.ImAddresses.Contains(uri));

    private IContactStoreGrain Store(SipUri user) => _cluster.Cluster.Client.GetGrain<IContactStoreGrain>(UserGrainKey.For(user));

    private Task SignInAsync(SipUri user) => _cluster.Client.PublishEndpointAsync(user, new EndpointPublication { EndpointId = "pc", Lifetime = TimeSpan.FromDays(1) });

    private async Task SignOutAndInAsync(SipUri user)
    {
        await _cluster.Client.RemoveEndpointAsync(user, "pc");
        await SignInAsync(user);
    }

    private async Task<ContactStoreStatus> AdvanceAndSignInAsync(SipUri user, TimeSpan by)
    {
        await _cluster.Client.RemoveEndpointAsync(user, "pc");
        _time.Advance(by);
        await SignInAsync(user);

        // The sign-in reaches the store one-way: its status says when it has been handled.
        var now = _time.GetUtcNow();
        return await EventuallyAsync(user, status => status.SignedInAt == now);
    }

    private async Task<ContactStoreStatus> EventuallyAsync(SipUri user, Func<ContactStoreStatus, bool> done)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var status = await Store(user).GetStatusAsync();
            if (done(status))
            {
                return status;
            }

            Assert.True(stopwatch.Elapsed < Patience, $"status stayed {status}");
            await Task.Delay(50);
        }
    }

    private int _lastWrites = -1;

    /// <summary>True once the emulator's write count has not moved since the last call (called every 10 ms).</summary>
    private bool StableWrites()
    {
        var writes = _exchange.Contacts.Writes;
        var stable = writes == _lastWrites;
        _lastWrites = writes;
        return stable;
    }


    /// <summary>A user with a list whose contact store grain runs on a silo other than the first (which the test cluster needs).</summary>
    private async Task<(SipUri User, SiloAddress Host)> UserWhoseStoreIsOutsideThePrimaryAsync(int contacts)
    {
        // The store lives on the user's index owner: a user another silo owns has their store there.
        var primary = _cluster.Cluster.Silos[0].SiloAddress;
        var ownership = _cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<PresenceCluster.Query.IndexOwnership>();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var user = Users.New("alice");
            if (ownership.OwnerOf(ownership.Current, user.Value) == primary.ToParsableString())
            {
                continue;
            }

            var store = Store(user);
            await store.GetStatusAsync();
            if (_cluster.Cluster.TryGetGrainContext(store.GetGrainId(), out var context) && !context.Address.SiloAddress!.Equals(primary))
            {
                return (await UserWithListAsync(contacts, user), context.Address.SiloAddress);
            }
        }

        throw new InvalidOperationException("No store landed outside the primary silo in 100 tries.");
    }
}

/// <summary>The unified contact store in Exchange Online through Microsoft Graph.</summary>
public sealed class GraphContactStoreTests(ITestOutputHelper output) : UnifiedContactStoreTests(output)
{
    protected override Dictionary<string, string?> Settings(ExchangeEmulator.ExchangeEmulator exchange) => new()
    {
        ["Exchange:Backend"] = "Graph",
        ["Exchange:Graph:BaseUrl"] = exchange.GraphBaseUrl.ToString(),
        ["OAuth:CloudTokenServer:TokenEndpoint"] = exchange.TokenEndpoint.ToString(),
        ["OAuth:CloudTokenServer:ClientId"] = exchange.ClientId,
    };
}

/// <summary>The unified contact store in Exchange Server through EWS, with the cluster's own S2S tokens.</summary>
public sealed class EwsContactStoreTests(ITestOutputHelper output) : UnifiedContactStoreTests(output)
{
    protected override Dictionary<string, string?> Settings(ExchangeEmulator.ExchangeEmulator exchange) => new()
    {
        ["Exchange:Backend"] = "Ews",
        ["Exchange:Ews:Url"] = exchange.EwsUrl.ToString(),
        ["OAuth:Realm"] = "contoso.com",
        ["OAuth:HostName"] = "presence.contoso.com",
    };
}
