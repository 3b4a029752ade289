namespace PresenceCluster.Exchange.Notifications;

/// <summary>
/// Subscriptions to changes in a mailbox — its calendar (<see cref="CalendarOf"/>) or a contact folder
/// (<see cref="ContactsOf"/>) — delivered as change notifications to the host's webhook route (Microsoft Graph's
/// <c>/subscriptions</c>). Only the Graph backend has them.
/// </summary>
public interface IMailboxChangeFeed
{
    /// <summary>A mailbox's calendar as a subscription's resource.</summary>
    public static string CalendarOf(string mailbox) => $"users/{mailbox}/events";

    /// <summary>A contact folder as a subscription's resource.</summary>
    public static string ContactsOf(string mailbox, string folderId) => $"users/{mailbox}/contactFolders/{folderId}/contacts";

    /// <summary>Subscribes to created, updated and deleted items of <paramref name="resource"/>; Graph validates <paramref name="notificationUrl"/> first.</summary>
    /// <exception cref="Mailboxes.MailboxBackendException">Exchange refused or failed.</exception>
    Task<MailboxChangeSubscription> SubscribeAsync(string resource, Uri notificationUrl, string clientState, DateTimeOffset expires, CancellationToken cancellationToken);

    /// <summary>Moves a subscription's expiry; null when the subscription no longer exists (it must be created again).</summary>
    /// <exception cref="Mailboxes.MailboxBackendException">Exchange refused or failed.</exception>
    Task<DateTimeOffset?> RenewAsync(string subscriptionId, DateTimeOffset expires, CancellationToken cancellationToken);

    /// <summary>Deletes a subscription (one already gone is fine).</summary>
    /// <exception cref="Mailboxes.MailboxBackendException">Exchange refused or failed.</exception>
    Task UnsubscribeAsync(string subscriptionId, CancellationToken cancellationToken);
}
