namespace PresenceCluster.Exchange.Contacts;

/// <summary>
/// A mailbox's contact folder as the unified contact store uses it, over Graph or EWS. Every method throws
/// <see cref="Mailboxes.MailboxBackendException"/> when the request fails; item-level answers have their own failures
/// (<see cref="Mailboxes.MailboxFailure.Conflict"/>, <see cref="Mailboxes.MailboxFailure.SyncStateExpired"/>,
/// <see cref="Mailboxes.MailboxFailure.ItemNotFound"/>).
/// </summary>
public interface IMailboxContactStore
{
    /// <summary>The id of the contact folder named <paramref name="displayName"/>, made if there is none (a second call finds the first's).</summary>
    Task<string> FindOrCreateFolderAsync(string mailbox, string displayName, CancellationToken cancellationToken);

    /// <summary>The folder's <see cref="MailboxContactProperties.List"/> property; null when it has none.</summary>
    Task<string?> ReadListPropertyAsync(string mailbox, string folderId, CancellationToken cancellationToken);

    /// <summary>Sets the folder's <see cref="MailboxContactProperties.List"/> property.</summary>
    Task WriteListPropertyAsync(string mailbox, string folderId, string value, CancellationToken cancellationToken);

    /// <summary>Every contact item of the folder, with the cluster's properties.</summary>
    Task<IReadOnlyList<MailboxContactItem>> ListAsync(string mailbox, string folderId, CancellationToken cancellationToken);

    /// <summary>
    /// One page of what changed in the folder since <paramref name="syncState"/> (null: from the beginning). Items may
    /// come without the cluster's properties (<see cref="ContactChangesPage.PropertiesIncluded"/>); the same item may
    /// come more than once.
    /// </summary>
    /// <exception cref="Mailboxes.MailboxBackendException">With <see cref="Mailboxes.MailboxFailure.SyncStateExpired"/> when the state is no longer valid: start again from null.</exception>
    Task<ContactChangesPage> GetChangesAsync(string mailbox, string folderId, string? syncState, CancellationToken cancellationToken);

    /// <summary>One item with the cluster's properties; null when it is gone.</summary>
    Task<MailboxContactItem?> GetAsync(string mailbox, string itemId, CancellationToken cancellationToken);

    /// <summary>Creates <paramref name="item"/> in the folder; returns it with its id and change key.</summary>
    Task<MailboxContactItem> CreateAsync(string mailbox, string folderId, MailboxContactItem item, CancellationToken cancellationToken);

    /// <summary>Replaces the fields of item <see cref="MailboxContactItem.Id"/> if its change key is still <see cref="MailboxContactItem.ChangeKey"/>; returns the new change key.</summary>
    /// <exception cref="Mailboxes.MailboxBackendException">With <see cref="Mailboxes.MailboxFailure.Conflict"/> when the item changed since, <see cref="Mailboxes.MailboxFailure.ItemNotFound"/> when it is gone.</exception>
    Task<string> UpdateAsync(string mailbox, MailboxContactItem item, CancellationToken cancellationToken);

    /// <summary>Deletes an item; one already gone is no error.</summary>
    Task DeleteAsync(string mailbox, string itemId, CancellationToken cancellationToken);
}

/// <summary>One page of a folder's changes.</summary>
/// <param name="Changed">Items created or changed.</param>
/// <param name="Removed">Ids of items deleted.</param>
/// <param name="SyncState">The state to ask with next (a page's or, at the end, the round's).</param>
/// <param name="MoreAvailable">Whether more pages follow now.</param>
/// <param name="PropertiesIncluded">Whether <paramref name="Changed"/> carry the cluster's properties (EWS) or must be read one by one when needed (Graph's delta does not expand them).</param>
public sealed record class ContactChangesPage(
    IReadOnlyList<MailboxContactItem> Changed,
    IReadOnlyList<string> Removed,
    string SyncState,
    bool MoreAvailable,
    bool PropertiesIncluded);
