using Orleans.Concurrency;
using PresenceCluster.Contacts;

namespace PresenceCluster.Grains;

/// <summary>
/// One user's unified contact store, keyed like the user's other grains (<see cref="Identity.UserGrainKey"/>): the
/// policy, the migration into the mailbox and back, and the two-way sync between the cluster's list and the mailbox.
/// </summary>
[Alias("PresenceCluster.IContactStoreGrain")]
public interface IContactStoreGrain : IGrainWithStringKey
{
    /// <summary>Where the list is, its migration and sync state.</summary>
    [Alias("GetStatus")]
    Task<ContactStoreStatus> GetStatusAsync();

    /// <summary>Sets the user's own policy (null fields: the cluster's defaults); null removes the override.</summary>
    /// <exception cref="Errors.InvalidInputException">A delay outside 0–180 days.</exception>
    [Alias("SetPolicy")]
    Task<ContactStoreStatus> SetPolicyAsync(ContactStorePolicy? policy);

    /// <summary>
    /// Moves the list back to the cluster's store (Lync's Invoke-CsUcsRollback): edits not yet in the mailbox are kept,
    /// the mailbox's items stay where they are. With the policy still allowing the mailbox, the list moves again at the
    /// first sign-in 7 days later.
    /// </summary>
    [Alias("Rollback")]
    Task<ContactStoreStatus> RollbackAsync();

    /// <summary>Syncs now (migrating first when that is due), instead of waiting for the next interval.</summary>
    [Alias("Sync")]
    Task<ContactStoreStatus> SyncNowAsync();

    /// <summary>
    /// Acts on a Microsoft Graph change notification about the list's folder: false (and nothing done) unless it names
    /// the folder's subscription with its client state; otherwise the list is synced soon (and the subscription made
    /// again after <c>subscriptionRemoved</c>). Answered at once, also while a sync waits on Exchange: Graph wants its
    /// answer within 3 seconds.
    /// </summary>
    [AlwaysInterleave, Alias("Notify")]
    Task<bool> NotifyAsync(PresenceCluster.Exchange.MailboxChangeNotification notification);

    /// <summary>The user signed in (their first endpoint): migrates when due, and syncs every interval while they stay.</summary>
    [OneWay, Alias("SignedIn")]
    Task SignedInAsync();

    /// <summary>The user signed out (their last endpoint left): the interval syncs stop.</summary>
    [OneWay, Alias("SignedOut")]
    Task SignedOutAsync();

    /// <summary>The cluster's list changed through the cluster: the edit goes to the mailbox soon.</summary>
    [OneWay, Alias("ListChanged")]
    Task ListChangedAsync();
}
