using PresenceCluster.Exchange.Calendar;
using PresenceCluster.Exchange.Notifications;
using PresenceCluster.Identity;

namespace PresenceCluster.Exchange.Contacts;

/// <summary>
/// Graph change notifications for migrated lists (with <c>Exchange:Graph:NotificationUrl</c> set): a subscription to
/// the folder's contacts while the user is signed in, created, renewed a day before it lapses and deleted at sign-out
/// or rollback, every request through the <see cref="MailboxReader"/>. The subscription's state lives in the user's
/// <see cref="ContactStoreRecord"/>; a notification counts only with its 256-bit client state.
/// </summary>
public sealed class ContactChangeSubscriptions(IMailboxChangeFeed feed, MailboxReader reader, CalendarSubscriptionKeeper keeper, TimeProvider time)
{
    /// <summary>The record with the folder subscribed (made, renewed, or moved to a new folder); unchanged when Exchange did not answer.</summary>
    public async Task<ContactStoreRecord> KeepAsync(ContactStoreRecord record, string mailbox, SipUri user, CancellationToken cancellationToken)
    {
        if (record.FolderId is not { } folder)
        {
            return record;
        }

        if (record.SubscriptionId is { } id && record.SubscribedFolder == folder)
        {
            if (record.SubscriptionExpiresAt - time.GetUtcNow() > CalendarSubscriptionKeeper.RenewBefore)
            {
                return record;
            }

            var (renewal, expires) = await reader.CallAsync([mailbox], token => feed.RenewAsync(id, keeper.NewExpiry(), token), cancellationToken);
            if (renewal != CallOutcome.Answered)
            {
                return record;
            }

            if (expires is { } renewed)
            {
                return record with { SubscriptionExpiresAt = renewed };
            }
        }
        else if (record.SubscriptionId is not null)
        {
            record = await DropAsync(record, mailbox, cancellationToken);
        }

        var clientState = SubscriptionSecret.New();
        var (outcome, created) = await reader.CallAsync(
            [mailbox],
            token => feed.SubscribeAsync(IMailboxChangeFeed.ContactsOf(mailbox, folder), keeper.ContactsNotificationUrlFor(mailbox, user), clientState, keeper.NewExpiry(), token),
            cancellationToken);
        return outcome == CallOutcome.Answered
            ? record with { SubscriptionId = created!.Id, SubscriptionClientState = clientState, SubscriptionExpiresAt = created.ExpiresAt, SubscribedFolder = folder }
            : Without(record);
    }

    /// <summary>The record without its subscription, deleted in Graph if Exchange answers (else it lapses by itself).</summary>
    public async Task<ContactStoreRecord> DropAsync(ContactStoreRecord record, string mailbox, CancellationToken cancellationToken)
    {
        if (record.SubscriptionId is { } id)
        {
            await reader.CallAsync([mailbox], async token =>
            {
                await feed.UnsubscribeAsync(id, token);
                return true;
            }, cancellationToken);
        }

        return Without(record);
    }

    /// <summary>Whether a notification names the record's subscription with its client state (compared in constant time).</summary>
    public static bool Matches(ContactStoreRecord record, MailboxChangeNotification notification) =>
        SubscriptionSecret.Matches(record.SubscriptionId, record.SubscriptionClientState, notification);

    /// <summary>The record with no subscription.</summary>
    public static ContactStoreRecord Without(ContactStoreRecord record) =>
        record with { SubscriptionId = null, SubscriptionClientState = null, SubscriptionExpiresAt = default, SubscribedFolder = null };
}
