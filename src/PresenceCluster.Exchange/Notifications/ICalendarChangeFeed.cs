namespace PresenceCluster.Exchange.Notifications;

/// <summary>
/// Subscriptions to a mailbox's calendar changes, delivered as change notifications to the host's webhook route
/// (Microsoft Graph's <c>/subscriptions</c> on <c>users/{mailbox}/events</c>). Only the Graph backend has them.
/// </summary>
public interface ICalendarChangeFeed
{
    /// <summary>Subscribes to created, updated and deleted events of <paramref name="mailbox"/>; Graph validates <paramref name="notificationUrl"/> first.</summary>
    /// <exception cref="Mailboxes.MailboxBackendException">Exchange refused or failed.</exception>
    Task<CalendarChangeSubscription> SubscribeAsync(string mailbox, Uri notificationUrl, string clientState, DateTimeOffset expires, CancellationToken cancellationToken);

    /// <summary>Moves a subscription's expiry; null when the subscription no longer exists (it must be created again).</summary>
    /// <exception cref="Mailboxes.MailboxBackendException">Exchange refused or failed.</exception>
    Task<DateTimeOffset?> RenewAsync(string subscriptionId, DateTimeOffset expires, CancellationToken cancellationToken);

    /// <summary>Deletes a subscription (one already gone is fine).</summary>
    /// <exception cref="Mailboxes.MailboxBackendException">Exchange refused or failed.</exception>
    Task UnsubscribeAsync(string subscriptionId, CancellationToken cancellationToken);
}
