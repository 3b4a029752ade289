using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PresenceCluster.ClusterTests.Infrastructure;
using PresenceCluster.Exchange;
using PresenceCluster.Exchange.Calendar;
using PresenceCluster.Exchange.Notifications;
using PresenceCluster.ExchangeEmulator;
using PresenceCluster.Grains;
using PresenceCluster.Http.Exchange;
using PresenceCluster.Identity;
using PresenceCluster.OAuth;
using PresenceCluster.Presence;

namespace PresenceCluster.ClusterTests.Exchange;

/// <summary>
/// Graph calendar change notifications end to end: a two-silo cluster on a fake clock subscribes its active users'
/// mailboxes in the Exchange emulator (which runs Graph's validation handshake against the notification route on a
/// real loopback Kestrel), the emulator notifies when a calendar changes, and the change reaches presence without a
/// poll round; renewal, Graph removing a subscription, idle mailboxes and forged notifications.
/// </summary>
public sealed class GraphCalendarNotificationTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private GraphNotificationCluster _setup = null!;

    public async Task InitializeAsync() => _setup = await GraphNotificationCluster.StartAsync(new Dictionary<string, string?>());

    public async Task DisposeAsync() => await _setup.DisposeAsync();

    [Fact]
    public async Task CalendarChange_ReachesPresence_WithoutAPollRound()
    {
        var alice = Users.New("alice");
        await SignInAsync(alice);
        await PollAsync();
        var subscription = Assert.Single(_setup.Exchange.Subscriptions.Of(alice.Address));
        var roundsBefore = Pollers().Select(poller => poller.LastRoundAt).ToList();

        var now = _setup.Time.GetUtcNow();
        _setup.Exchange.Mailbox(alice.Address).Add(new EmulatedEvent(now.AddMinutes(-5), now.AddHours(1), "busy", "Design review"));
        await _setup.Exchange.Subscriptions.DeliveredAsync();
        var own = await EventuallyAsync(() => _setup.Cluster.Client.GetOwnPresenceAsync(alice), presence => presence.Activity == ActivityToken.InAMeeting);

        Assert.Equal(0, _setup.Exchange.Subscriptions.FailedValidations);
        Assert.Equal($"?mailbox={Uri.EscapeDataString(alice.Address)}", subscription.NotificationUrl.Query);
        Assert.Equal(subscription.NotificationUrl, subscription.LifecycleUrl);
        Assert.Equal(_setup.Time.GetUtcNow() + CalendarSubscriptionKeeper.Lifetime, subscription.ExpiresAt);
        Assert.Equal(1, _setup.Exchange.Subscriptions.Delivered);
        Assert.Equal("Design review", own.Meeting?.Subject);
        Assert.Equal(roundsBefore, Pollers().Select(poller => poller.LastRoundAt).ToList());
        Assert.Equal(1, await RefreshedAsync());
        var statuses = await StatusesAsync();
        Assert.Equal(1, statuses.Sum(status => status.CalendarSubscriptions));
        Assert.Equal(1, statuses.Sum(status => status.ChangedCalendarsRead));
    }

    [Fact]
    public async Task Subscription_IsRenewedBeforeItLapses_AndMadeAgainWhenGraphRemovesIt()
    {
        var alice = Users.New("alice");
        await SignInAsync(alice);
        await PollAsync();
        var first = Assert.Single(_setup.Exchange.Subscriptions.Of(alice.Address));

        // A day of lifetime left is the renewal point: two days on, the next round renews the same subscription.
        await PollAsync();
        _setup.Time.Advance(TimeSpan.FromDays(2));
        await SignInAsync(alice);
        await PollAsync();
        var renewed = Assert.Single(_setup.Exchange.Subscriptions.Of(alice.Address));

        _setup.Exchange.Subscriptions.Lifecycle(alice.Address, "subscriptionRemoved");
        await _setup.Exchange.Subscriptions.DeliveredAsync();
        await PollAsync();
        var remade = Assert.Single(_setup.Exchange.Subscriptions.Of(alice.Address));

        Assert.Equal(first.Id, renewed.Id);
        Assert.Equal(1, _setup.Exchange.Subscriptions.Renewed);
        Assert.Equal(_setup.Time.GetUtcNow() + CalendarSubscriptionKeeper.Lifetime, renewed.ExpiresAt);
        Assert.NotEqual(first.Id, remade.Id);
        Assert.Equal(2, _setup.Exchange.Subscriptions.Created);
        Assert.Equal(0, _setup.Exchange.Subscriptions.FailedDeliveries);
    }

    [Fact]
    public async Task Notification_ForAMailboxNoLongerActive_DeletesItsSubscription_InsteadOfReadingIt()
    {
        var alice = Users.New("alice");
        await SignInAsync(alice);
        await PollAsync();
        var subscription = Assert.Single(_setup.Exchange.Subscriptions.Of(alice.Address));

        // No round kept it for longer than 3 poll intervals: Alice left every silo's care.
        _setup.Time.Advance(TimeSpan.FromHours(4));
        _setup.Exchange.Mailbox(alice.Address).Add(new EmulatedEvent(_setup.Time.GetUtcNow(), _setup.Time.GetUtcNow().AddHours(1), "busy"));
        await _setup.Exchange.Subscriptions.DeliveredAsync();

        Assert.Equal(1, _setup.Exchange.Subscriptions.Delivered);
        Assert.Equal(1, _setup.Exchange.Subscriptions.Deleted);
        Assert.Empty(_setup.Exchange.Subscriptions.Of(alice.Address));
        Assert.Equal(0, Readers().Sum(reader => reader.Refreshed));
        Assert.False(await _setup.Grains.GetGrain<ICalendarSubscriptionGrain>(alice.Address).NotifyAsync(Notification(subscription)));
    }

    [Fact]
    public async Task ForgedNotifications_AreAcceptedAndIgnored_AndBadOnesRefused()
    {
        var alice = Users.New("alice");
        await SignInAsync(alice);
        await PollAsync();
        var subscription = Assert.Single(_setup.Exchange.Subscriptions.Of(alice.Address));
        var grain = _setup.Grains.GetGrain<ICalendarSubscriptionGrain>(alice.Address);
        var url = _setup.NotificationUrl + $"?mailbox={Uri.EscapeDataString(alice.Address)}";
        using var http = new HttpClient();

        var wrongState = await grain.NotifyAsync(Notification(subscription) with { ClientState = "guessed" });
        var wrongId = await grain.NotifyAsync(Notification(subscription) with { SubscriptionId = Guid.NewGuid().ToString() });
        var forged = await http.PostAsJsonAsync(url, new { value = new[] { new { subscriptionId = subscription.Id, clientState = "guessed", changeType = "created" } } });
        var noMailbox = await http.PostAsJsonAsync(_setup.NotificationUrl, new { value = new[] { new { subscriptionId = subscription.Id, clientState = subscription.ClientState } } });
        var notJson = await http.PostAsync(url, new StringContent("{\"value\": [", System.Text.Encoding.UTF8, "application/json"));
        var badEvent = await http.PostAsJsonAsync(url, new { value = new[] { new { subscriptionId = subscription.Id, clientState = subscription.ClientState, lifecycleEvent = "exploded" } } });
        var handshake = await http.PostAsync(url + "&validationToken=" + Uri.EscapeDataString("a b&c<d>"), new StringContent(string.Empty));

        Assert.False(wrongState);
        Assert.False(wrongId);
        Assert.Equal(HttpStatusCode.Accepted, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noMailbox.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badEvent.StatusCode);
        Assert.Contains("lifecycleEvent", await badEvent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("a b&c<d>", await handshake.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", handshake.Content.Headers.ContentType?.MediaType);

        // The forged notification read nothing; the genuine one that follows is read once.
        _setup.Exchange.Mailbox(alice.Address).Add(new EmulatedEvent(_setup.Time.GetUtcNow(), _setup.Time.GetUtcNow().AddHours(1), "busy"));
        await _setup.Exchange.Subscriptions.DeliveredAsync();
        var own = await EventuallyAsync(() => _setup.Cluster.Client.GetOwnPresenceAsync(alice), presence => presence.Activity == ActivityToken.InAMeeting);
        Assert.Equal(ActivityToken.InAMeeting, own.Activity);
        Assert.Equal(1, await RefreshedAsync());
    }

    /// <summary>Calendars read on notification, once the reader has counted its last read (it publishes first, then counts).</summary>
    private Task<long> RefreshedAsync() =>
        EventuallyAsync(() => Task.FromResult(Readers().Sum(reader => reader.Refreshed)), refreshed => refreshed > 0);

    private static MailboxChangeNotification Notification(EmulatedSubscription subscription) =>
        new() { SubscriptionId = subscription.Id, ClientState = subscription.ClientState! };

    private static Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done) => Waits.EventuallyAsync(read, done, Patience);

    /// <summary>The user signs in, with a mailbox in Exchange (one Exchange does not know is left alone, and not subscribed).</summary>
    private Task SignInAsync(SipUri user)
    {
        _setup.Exchange.Mailbox(user.Address);
        return _setup.Cluster.Client.PublishEndpointAsync(user, new EndpointPublication { EndpointId = "pc", DeviceClass = DeviceClass.Computer, Lifetime = TimeSpan.FromDays(1) });
    }

    private List<MailboxPoller> Pollers() => [.. _setup.Cluster.Cluster.Silos.Select(silo => silo.ServiceProvider.GetRequiredService<MailboxPoller>())];

    private List<ChangedCalendarReader> Readers() => [.. _setup.Cluster.Cluster.Silos.Select(silo => silo.ServiceProvider.GetRequiredService<ChangedCalendarReader>())];

    private async Task PollAsync() => await Task.WhenAll(Pollers().Select(poller => poller.PollOnceAsync(CancellationToken.None)));

    private async Task<ExchangeConnectorStatus[]> StatusesAsync() => await Task.WhenAll(
        (await _setup.Grains.GetGrain<IClusterStatusGrain>(0).GetActiveSilosAsync()).Select(silo => _setup.Grains.GetGrain<IExchangeStatusGrain>(silo).GetStatusAsync()));
}
