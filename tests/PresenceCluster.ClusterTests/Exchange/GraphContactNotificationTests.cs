using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PresenceCluster.ClusterTests.Infrastructure;
using PresenceCluster.Contacts;
using PresenceCluster.Exchange;
using PresenceCluster.ExchangeEmulator;
using PresenceCluster.Grains;
using PresenceCluster.Http.Exchange;
using PresenceCluster.Identity;
using PresenceCluster.OAuth;
using PresenceCluster.Presence;
using PresenceCluster.Privacy;

namespace PresenceCluster.ClusterTests.Exchange;

/// <summary>
/// Graph change notifications for contact lists in mailboxes: a two-silo cluster whose sync interval is an hour
/// subscribes a migrated list's folder while its user is signed in (the emulator runs Graph's validation handshake
/// against the route on a real loopback Kestrel), an edit in Outlook reaches the list — and the watchers — by the
/// notification alone, a forged notification changes nothing, and sign-out deletes the subscription.
/// </summary>
public sealed class GraphContactNotificationTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private GraphNotificationCluster _setup = null!;

    public async Task InitializeAsync() => _setup = await GraphNotificationCluster.StartAsync(new Dictionary<string, string?> { ["Exchange:Contacts:UcsAllowed"] = "true", ["Exchange:Contacts:SyncInterval"] = "01:00:00" });

    public async Task DisposeAsync() => await _setup.DisposeAsync();

    [Fact]
    public async Task AnEditInOutlook_ReachesTheListAndWatchers_ByNotification_WithoutWaitingForTheInterval()
    {
        var (alice, bob) = (Users.New("alice"), Users.New("bob"));
        await _setup.Cluster.Client.SetContactAsync(alice, new Contact { Uri = bob.Value, DisplayName = "Bob" });
        await SignInAsync(alice);
        await EventuallyAsync(() => Store(alice).GetStatusAsync(), s => s.Migration == ContactMigrationState.Migrated);
        var folder = _setup.Exchange.Contacts.FindFolder(alice.Address, "PresenceCluster Contacts")!;
        var subscription = await EventuallyAsync(() => Task.FromResult(_setup.Exchange.Subscriptions.Of(alice.Address).SingleOrDefault(s => s.ContactFolder == folder.Id)), s => s is not null);

        var item = Assert.Single(_setup.Exchange.Contacts.ItemsIn(folder.Id));
        var key = item.Properties.Keys.Single(k => k.EndsWith("|PresenceCluster.AccessLevel", StringComparison.Ordinal));
        var clock = Stopwatch.StartNew();
        _setup.Exchange.Contacts.OutlookEdit(item.Id, i => i with { Properties = new Dictionary<string, string>(i.Properties) { [key] = "Blocked" } });
        var list = await EventuallyAsync(() => _setup.Cluster.Client.GetContactListAsync(alice), l => l.Contacts.Single().AccessLevel == AccessLevel.Blocked);
        clock.Stop();

        Assert.NotNull(subscription);
        Assert.Equal($"contactFolders/{folder.Id}/contacts", subscription!.ToJson()["resource"]!.GetValue<string>().Split('/', 3)[2]);
        Assert.Contains($"contacts={Uri.EscapeDataString(alice.Value)}", subscription.NotificationUrl.Query, StringComparison.Ordinal);
        Assert.Equal(0, _setup.Exchange.Subscriptions.FailedValidations);
        Assert.Equal(AccessLevel.Blocked, list.Contacts.Single().AccessLevel);
        Assert.Equal(LyncAvailability.Offline, (await _setup.Cluster.Client.GetPresenceAsync(bob, alice)).Availability);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}; the interval is an hour");
    }

    [Fact]
    public async Task ForgedNotifications_ChangeNothing_AndSignOutDeletesTheSubscription()
    {
        var alice = Users.New("alice");
        await _setup.Cluster.Client.SetContactAsync(alice, new Contact { Uri = "sip:bob@contoso.com", DisplayName = "Bob" });
        await SignInAsync(alice);
        await EventuallyAsync(() => Store(alice).GetStatusAsync(), s => s.Migration == ContactMigrationState.Migrated);
        var folder = _setup.Exchange.Contacts.FindFolder(alice.Address, "PresenceCluster Contacts")!;
        var subscription = (await EventuallyAsync(() => Task.FromResult(_setup.Exchange.Subscriptions.Of(alice.Address).SingleOrDefault(s => s.ContactFolder == folder.Id)), s => s is not null))!;
        await _setup.Exchange.Subscriptions.DeliveredAsync();
        var requests = _setup.Exchange.ContactRequests;
        using var http = new HttpClient();

        var guessed = await Store(alice).NotifyAsync(new MailboxChangeNotification { SubscriptionId = subscription.Id, ClientState = "guessed" });
        var forged = await http.PostAsJsonAsync(subscription.NotificationUrl, new { value = new[] { new { subscriptionId = subscription.Id, clientState = "guessed", changeType = "updated" } } });
        var badUser = await http.PostAsJsonAsync(new Uri(subscription.NotificationUrl.GetLeftPart(UriPartial.Path) + $"?mailbox={alice.Address}&contacts=alice"), new { value = Array.Empty<object>() });

        // A notification taken for genuine starts a pass 200 ms later: nothing in well over that is nothing at all.
        await Task.Delay(TimeSpan.FromMilliseconds(1000));
        var requestsAfterForgeries = _setup.Exchange.ContactRequests;

        await _setup.Cluster.Client.RemoveEndpointAsync(alice, "pc");
        await EventuallyAsync(() => Task.FromResult(_setup.Exchange.Subscriptions.Of(alice.Address).Count(s => s.ContactFolder == folder.Id)), count => count == 0);

        Assert.False(guessed);
        Assert.Equal(HttpStatusCode.Accepted, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badUser.StatusCode);
        Assert.Equal(requests, requestsAfterForgeries);
        Assert.Equal(1, _setup.Exchange.Subscriptions.Deleted);
    }

    private IContactStoreGrain Store(SipUri user) => _setup.Grains.GetGrain<IContactStoreGrain>(UserGrainKey.For(user));

    private Task SignInAsync(SipUri user) =>
        _setup.Cluster.Client.PublishEndpointAsync(user, new EndpointPublication { EndpointId = "pc", DeviceClass = DeviceClass.Computer, Lifetime = TimeSpan.FromDays(1) });

    private static Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done) => Waits.EventuallyAsync(read, done, Patience);
}
