using PresenceCluster.Exchange.Contacts;
using PresenceCluster.Exchange.Mailboxes;

namespace PresenceCluster.Exchange.Ews;

/// <summary>
/// The unified contact store over EWS (<see cref="EwsContactSoap"/>), each request acting for the mailbox's user: a
/// contacts folder under the default Contacts folder with the list's property, SyncFolderItems (items with the
/// cluster's properties), and item writes that fail on a stale change key.
/// </summary>
public sealed partial class EwsMailboxBackend
{
    /// <inheritdoc />
    public async Task<string> FindOrCreateFolderAsync(string mailbox, string displayName, CancellationToken cancellationToken)
    {
        var found = await CallAsync(mailbox, EwsContactSoap.FindFolders(mailbox, version), cancellationToken);
        if (Read(() => EwsContactSoap.ParseFoundFolder(found, displayName)) is { } existing)
        {
            return existing;
        }

        var created = await CallAsync(mailbox, EwsContactSoap.CreateFolder(mailbox, displayName, version), cancellationToken);
        if (Read(() => EwsContactSoap.ParseCreatedFolder(created)) is { } id)
        {
            return id;
        }

        // ErrorFolderExists: made meanwhile (by another silo's pass); find it.
        var again = await CallAsync(mailbox, EwsContactSoap.FindFolders(mailbox, version), cancellationToken);
        return Read(() => EwsContactSoap.ParseFoundFolder(again, displayName))
            ?? throw new MailboxBackendException(MailboxFailure.BadAnswer, $"EWS said folder '{displayName}' exists but did not list it");
    }

    /// <inheritdoc />
    public async Task<string?> ReadListPropertyAsync(string mailbox, string folderId, CancellationToken cancellationToken)
    {
        var answer = await CallAsync(mailbox, EwsContactSoap.GetFolderListProperty(folderId, version), cancellationToken);
        return Read(() => EwsContactSoap.ParseFolderListProperty(answer));
    }

    /// <inheritdoc />
    public async Task WriteListPropertyAsync(string mailbox, string folderId, string value, CancellationToken cancellationToken)
    {
        var answer = await CallAsync(mailbox, EwsContactSoap.SetFolderListProperty(folderId, value, version), cancellationToken);
        Read(() => Done(() => EwsContactSoap.ParseSuccess(answer, "UpdateFolder")));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MailboxContactItem>> ListAsync(string mailbox, string folderId, CancellationToken cancellationToken)
    {
        // EWS has no paged listing with named properties that FindItem returns for contacts' addresses; a sync from
        // the beginning returns every item whole.
        var items = new Dictionary<string, MailboxContactItem>(StringComparer.Ordinal);
        string? state = null;
        ContactChangesPage page;
        do
        {
            page = await GetChangesAsync(mailbox, folderId, state, cancellationToken);
            foreach (var item in page.Changed)
            {
                items[item.Id] = item;
            }

            foreach (var id in page.Removed)
            {
                items.Remove(id);
            }

            state = page.SyncState;
        }
        while (page.MoreAvailable);

        return [.. items.Values];
    }

    /// <inheritdoc />
    public async Task<ContactChangesPage> GetChangesAsync(string mailbox, string folderId, string? syncState, CancellationToken cancellationToken)
    {
        var answer = await CallAsync(mailbox, EwsContactSoap.SyncFolderItems(folderId, syncState, version), cancellationToken);
        return Read(() => EwsContactSoap.ParseSyncFolderItems(answer));
    }

    /// <inheritdoc />
    public async Task<MailboxContactItem?> GetAsync(string mailbox, string itemId, CancellationToken cancellationToken)
    {
        var answer = await CallAsync(mailbox, EwsContactSoap.GetItem(itemId, version), cancellationToken);
        return Read(() => EwsContactSoap.ParseGetItem(answer));
    }

    /// <inheritdoc />
    public async Task<MailboxContactItem> CreateAsync(string mailbox, string folderId, MailboxContactItem item, CancellationToken cancellationToken)
    {
        var answer = await CallAsync(mailbox, EwsContactSoap.CreateItem(folderId, item, version), cancellationToken);
        var (id, changeKey) = Read(() => EwsContactSoap.ParseItemId(answer, "CreateItem"));
        return item with { Id = id, ChangeKey = changeKey };
    }

    /// <inheritdoc />
    public async Task<string> UpdateAsync(string mailbox, MailboxContactItem item, CancellationToken cancellationToken)
    {
        var answer = await CallAsync(mailbox, EwsContactSoap.UpdateItem(item, version), cancellationToken);
        return Read(() => EwsContactSoap.ParseItemId(answer, "UpdateItem")).ChangeKey;
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string mailbox, string itemId, CancellationToken cancellationToken)
    {
        var answer = await CallAsync(mailbox, EwsContactSoap.DeleteItem(itemId, version), cancellationToken);
        Read(() => Done(() => EwsContactSoap.ParseSuccess(answer, "DeleteItem", tolerate: "ErrorItemNotFound")));
    }

    private static bool Done(Action action)
    {
        action();
        return true;
    }
}
