using System.Diagnostics;
using PresenceCluster.Client;
using PresenceCluster.Contacts;
using PresenceCluster.ExchangeEmulator;
using PresenceCluster.Grains;
using PresenceCluster.Identity;
using PresenceCluster.Presence;
using PresenceCluster.Privacy;

namespace PresenceCluster.LoadTest.Scenarios;

/// <summary>
/// The unified contact store against the Exchange emulator (Graph or EWS, <c>--contacts-backend</c>): users with
/// full lists (1000 contacts in 3 groups, access levels, favourites) sign in one after the other and their lists move
/// into their mailboxes. Reports each migration's time and requests (the silo and the emulator share this machine's
/// cores: the request counts are exact, the times are this machine's), the requests of a sync that finds nothing, the
/// time from an edit through the cluster to its write in the mailbox, and a sync that reads one Outlook edit.
/// <c>--contacts-write-ms</c> makes each item write take as long as a remote Exchange's would.
/// </summary>
public static class ContactsScenario
{
    /// <summary>The silo settings that point the connector's backend at <paramref name="exchange"/> and allow the mailbox store.</summary>
    public static Dictionary<string, string> SiloSettings(ExchangeEmulator.ExchangeEmulator exchange, Uri siloHttp, string backend)
    {
        var settings = backend == "ews"
            ? new Dictionary<string, string>
            {
                ["Exchange__Backend"] = "Ews",
                ["Exchange__Ews__Url"] = exchange.EwsUrl.ToString(),
                ["OAuth__Realm"] = exchange.Realm,
                ["OAuth__HostName"] = "presence.contoso.com",
            }
            : CalendarScenario.SiloSettings(exchange, siloHttp);
        settings["Exchange__Contacts__UcsAllowed"] = "true";
        settings["Exchange__RequestsPerMinute"] = "120000";
        return settings;
    }

    /// <summary>One list's migration.</summary>
    public sealed record class Migration(int Contacts, double Milliseconds, int Requests, int Writes);

    public sealed record class Result(
        string Backend,
        int WriteMilliseconds,
        int ContactsPerList,
        IReadOnlyList<Migration> Migrations,
        double MedianMilliseconds,
        int UnchangedSyncRequests,
        double ClusterEditToMailboxMilliseconds,
        int OutlookEditSyncRequests,
        double OutlookEditSyncMilliseconds,
        int DuplicateItems);

    public static async Task<Result> RunAsync(PresenceClusterClient client, ExchangeEmulator.ExchangeEmulator exchange, string siloDataDirectory, LoadTestOptions options, Action<string> progress)
    {
        exchange.ApplicationCertificate = await CalendarScenario.LoadSiloCertificateAsync(Path.Combine(siloDataDirectory, "token-issuer.pfx"));
        var users = Enumerable.Range(0, options.ContactsUsers).Select(i => SipUri.Parse($"sip:ucs{i}@contoso.com")).ToArray();
        progress($"contacts: {users.Length} users with {options.ContactsPerList:N0} contacts each ({options.ContactsBackend})");
        foreach (var user in users)
        {
            await FillListAsync(client, user, options.ContactsPerList);
        }

        exchange.Contacts.WriteDelay = TimeSpan.FromMilliseconds(options.ContactsWriteMilliseconds);
        var migrations = new List<Migration>();
        foreach (var user in users)
        {
            var (requests, writes) = (exchange.ContactRequests, exchange.Contacts.Writes);
            var clock = Stopwatch.StartNew();
            await client.PublishEndpointAsync(user, new EndpointPublication { EndpointId = "pc", DeviceClass = DeviceClass.Computer, Lifetime = TimeSpan.FromHours(4) });
            var status = await UntilAsync(Store(client, user), s => s.Migration == ContactMigrationState.Migrated || s.LastError is not null);
            clock.Stop();
            if (status.Migration != ContactMigrationState.Migrated)
            {
                throw new InvalidOperationException($"contacts: the list of {user} did not move: {status.LastError}");
            }

            migrations.Add(new Migration(status.ContactsInMailbox, clock.Elapsed.TotalMilliseconds, exchange.ContactRequests - requests, exchange.Contacts.Writes - writes));
            progress($"  contacts: {user} migrated {status.ContactsInMailbox:N0} contacts in {clock.Elapsed.TotalMilliseconds:N0} ms, {exchange.ContactRequests - requests:N0} requests");
        }

        var first = users[0];
        var store = Store(client, first);
        var before = exchange.ContactRequests;
        await store.SyncNowAsync();
        var unchanged = exchange.ContactRequests - before;

        // An edit through the cluster: written to the mailbox without waiting for a sync interval.
        var folder = exchange.Contacts.FindFolder(first.Address, "PresenceCluster Contacts")!;
        var contact = (await client.GetContactListAsync(first)).Contacts[0];
        var edit = Stopwatch.StartNew();
        await client.SetContactAsync(first, contact with { DisplayName = "Renamed through the cluster" });
        while (!exchange.Contacts.ItemsIn(folder.Id).Any(item => item.DisplayName == "Renamed through the cluster"))
        {
            await Task.Delay(5);
        }

        edit.Stop();

        // An edit in Outlook, read by one sync.
        var item = exchange.Contacts.ItemsIn(folder.Id)[1];
        exchange.Contacts.OutlookEdit(item.Id, i => i with { DisplayName = "Renamed in Outlook" });
        before = exchange.ContactRequests;
        var sync = Stopwatch.StartNew();
        await store.SyncNowAsync();
        sync.Stop();
        var outlookSync = exchange.ContactRequests - before;

        var duplicates = users.Sum(user =>
        {
            var items = exchange.Contacts.ItemsIn(exchange.Contacts.FindFolder(user.Address, "PresenceCluster Contacts")!.Id);
            return items.Count - items.Select(i => EmulatedContacts.Property(i, "PresenceCluster.SipUri")).Distinct().Count();
        });
        var ordered = migrations.Select(m => m.Milliseconds).Order().ToList();
        return new Result(
            options.ContactsBackend, options.ContactsWriteMilliseconds, options.ContactsPerList, migrations, ordered[ordered.Count / 2], unchanged,
            edit.Elapsed.TotalMilliseconds, outlookSync, sync.Elapsed.TotalMilliseconds, duplicates);
    }

    private static IContactStoreGrain Store(PresenceClusterClient client, SipUri user) => client.ClusterClient.GetGrain<IContactStoreGrain>(UserGrainKey.For(user));

    /// <summary>A full list: 3 groups, <paramref name="contacts"/> contacts, every third with an access level, some favourites.</summary>
    private static async Task FillListAsync(PresenceClusterClient client, SipUri user, int contacts)
    {
        var groups = new List<ContactGroup>();
        foreach (var name in new[] { "Team", "Friends", "Customers" })
        {
            groups.Add(await client.CreateGroupAsync(user, name));
        }

        var levels = new AccessLevel?[] { null, AccessLevel.Colleagues, AccessLevel.Workgroup };
        await Parallel.ForEachAsync(Enumerable.Range(0, contacts), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, cancellation) =>
            await client.SetContactAsync(user, new Contact
            {
                Uri = $"sip:contact{i:D4}@contoso.com",
                DisplayName = $"Contact {i}",
                GroupIds = [groups[i % 3].Id],
                AccessLevel = levels[i % 3],
                IsFavourite = i % 10 == 0,
            }, cancellation));
    }

    private static async Task<ContactStoreStatus> UntilAsync(IContactStoreGrain store, Func<ContactStoreStatus, bool> done)
    {
        var limit = Stopwatch.StartNew();
        while (true)
        {
            var status = await store.GetStatusAsync();
            if (done(status) || limit.Elapsed > TimeSpan.FromMinutes(10))
            {
                return status;
            }

            await Task.Delay(20);
        }
    }
}
