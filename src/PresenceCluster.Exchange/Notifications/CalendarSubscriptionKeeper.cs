using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PresenceCluster.Exchange.Calendar;
using PresenceCluster.Exchange.Hosting;
using PresenceCluster.Grains;
using PresenceCluster.Hosting;
using PresenceCluster.Presence;

namespace PresenceCluster.Exchange.Notifications;

/// <summary>
/// Keeps the mailboxes of this silo's active users subscribed to calendar changes (when
/// <see cref="GraphBackendOptions.NotificationUrl"/> is set): each poll round tells every mailbox's
/// <see cref="ICalendarSubscriptionGrain"/> that its user is still active, and the grain creates or renews its
/// subscription when due. A mailbox not kept for <see cref="IdleAfter"/> is unsubscribed at its next notification.
/// </summary>
public sealed class CalendarSubscriptionKeeper(IGrainFactory grains, IOptions<ExchangeOptions> options, [FromKeyedServices(PresenceTime.ServiceKey)] TimeProvider time)
{
    /// <summary>How long a subscription is asked for: just under Graph's 4,230 minutes for Outlook events.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(4_200);

    /// <summary>A subscription with less than this left is renewed.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(1);

    // Grain calls in flight at once: a round over thousands of users must not flood the silo's message queue.
    private const int Parallelism = 32;

    private int _subscribed;

    /// <summary>Mailboxes subscribed after the last round.</summary>
    public int Subscribed => Volatile.Read(ref _subscribed);

    /// <summary>When a mailbox whose user was not active for this long gets a notification, its subscription is deleted instead of acted on.</summary>
    public TimeSpan IdleAfter => options.Value.PollInterval * 3;

    /// <summary>Where Graph sends a mailbox's notifications: the configured route, the mailbox in the query (Graph echoes it back).</summary>
    public Uri NotificationUrlFor(string mailbox) =>
        new($"{options.Value.Graph.NotificationUrl}?mailbox={Uri.EscapeDataString(mailbox)}");

    /// <summary>Where Graph sends the notifications of <paramref name="user"/>'s contact folder: the route, with the mailbox and the user.</summary>
    public Uri ContactsNotificationUrlFor(string mailbox, Identity.SipUri user) =>
        new($"{NotificationUrlFor(mailbox)}&contacts={Uri.EscapeDataString(user.Value)}");

    /// <summary>The instant a subscription created now should expire.</summary>
    public DateTimeOffset NewExpiry() => time.GetUtcNow() + Lifetime;

    /// <summary>Tells every owner's subscription grain that the user is active; counts the mailboxes subscribed.</summary>
    public async Task KeepAsync(IReadOnlyList<MailboxOwner> owners, CancellationToken cancellationToken)
    {
        var subscribed = 0;
        await Parallel.ForEachAsync(owners, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (owner, _) =>
        {
            if (await grains.GetGrain<ICalendarSubscriptionGrain>(owner.Mailbox.ToLowerInvariant()).KeepAsync(owner.User.Value) is not null)
            {
                Interlocked.Increment(ref subscribed);
            }
        });
        Volatile.Write(ref _subscribed, subscribed);
    }
}
