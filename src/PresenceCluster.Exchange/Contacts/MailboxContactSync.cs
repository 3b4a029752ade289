using PresenceCluster.Contacts;
using PresenceCluster.Exchange.Calendar;
using PresenceCluster.Exchange.Mailboxes;

namespace PresenceCluster.Exchange.Contacts;

/// <summary>
/// One pass between a user's list in the cluster and its folder in the mailbox. <see cref="MigrateAsync"/> copies the
/// cluster's list into the folder (the cluster is the truth: items not on the list go, duplicates go);
/// <see cref="SyncAsync"/> first reads what changed in the mailbox (delta), then writes the edits made through the
/// cluster since the last pass, oldest first. The same contact changed on both sides is merged by
/// <see cref="ContactMerge"/>, in both directions. Every request goes through the <see cref="MailboxReader"/> (circuit,
/// budgets, per-mailbox gate); when one is not answered the pass stops with <see cref="ContactSyncInterruptedException"/>
/// and <see cref="Record"/> holds what it did — the next pass goes on from there, creating nothing twice
/// (<see cref="ContactStoreRecord.ReconcileNeeded"/>).
/// </summary>
public sealed class MailboxContactSync
{
    /// <summary>Items a migration creates at once: Exchange's limit of requests in flight per mailbox.</summary>
    private const int ParallelCreates = 4;

    private static readonly IReadOnlySet<string> NoMore = new HashSet<string>();

    private readonly IMailboxContactStore _store;
    private readonly MailboxReader _reader;
    private readonly MailboxContactMapping _mapping;
    private readonly IContactListStoreGrain _list;
    private readonly Func<ContactStoreRecord, Task> _save;
    private readonly string _mailbox;
    private readonly string _folderName;
    private readonly Dictionary<string, SyncedContact> _items;
    private readonly HashSet<string> _outside;
    private readonly HashSet<string> _overLimit;
    private ContactStoreRecord _record;

    /// <summary>A pass for <paramref name="mailbox"/> starting from <paramref name="record"/>; <paramref name="save"/> makes a record durable.</summary>
    public MailboxContactSync(
        IMailboxContactStore store,
        MailboxReader reader,
        MailboxContactMapping mapping,
        IContactListStoreGrain list,
        string mailbox,
        string folderName,
        ContactStoreRecord record,
        Func<ContactStoreRecord, Task> save)
    {
        (_store, _reader, _mapping, _list, _mailbox, _folderName, _record, _save) = (store, reader, mapping, list, mailbox, folderName, record, save);
        _items = record.Items.ToDictionary(item => item.Agreed.Uri, StringComparer.Ordinal);
        _outside = [.. record.OutsidePresence];
        _overLimit = [.. record.OverLimit];
    }

    /// <summary>The state as the pass left it (also after an interruption).</summary>
    public ContactStoreRecord Record => _record with
    {
        Items = [.. _items.Values.OrderBy(item => item.Agreed.Uri, StringComparer.Ordinal)],
        OutsidePresence = [.. _outside.Order(StringComparer.Ordinal)],
        OverLimit = [.. _overLimit.Order(StringComparer.Ordinal)],
    };

    /// <summary>Requests this pass sent to Exchange.</summary>
    public int Requests { get; private set; }

    /// <summary>
    /// Copies the cluster's list into the folder: groups and privacy mode onto the folder, each contact to exactly
    /// one item; items of the folder that are not on the list are deleted. Resumable at any point.
    /// </summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await EnsureFolderAsync(cancellationToken);
        var list = await _list.GetRecordAsync();
        var listed = await ListFolderAsync(cancellationToken);
        var onList = list.Contacts.Select(contact => contact.Uri).ToHashSet(StringComparer.Ordinal);
        _items.Clear();
        foreach (var (uri, item) in listed)
        {
            if (!onList.Contains(uri))
            {
                await CallAsync(token => Done(_store.DeleteAsync(_mailbox, item.Id, token)), cancellationToken);
                continue;
            }

            _items[uri] = new SyncedContact(item.Id, item.ChangeKey, _mapping.FromMailbox(item, list.Groups)!);
        }

        _record = _record with { AgreedList = null, SyncState = null };
        await PushAsync(list, everything: true, NoMore, cancellationToken);

        // From the beginning: every item just written comes back with the change key already known and is skipped;
        // what Outlook changed meanwhile is read like any change.
        await PullAsync(cancellationToken);
    }

    /// <summary>Reads the mailbox's changes into the list, then writes the cluster's edits into the mailbox.</summary>
    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        await EnsureFolderAsync(cancellationToken);
        if (_record.ReconcileNeeded || _record.SyncState is null)
        {
            await ReconcileAsync(cancellationToken);
        }

        try
        {
            await PullAsync(cancellationToken);
        }
        catch (MailboxBackendException exception) when (exception.Failure == MailboxFailure.SyncStateExpired)
        {
            // The sync state expired: list the folder whole and compare with what both sides last agreed on, so that
            // nothing already applied is applied twice; then a new state from the beginning.
            _record = _record with { SyncState = null };
            await ReconcileAsync(cancellationToken);
            await PullAsync(cancellationToken);
        }

        var list = await _list.GetRecordAsync();
        await PushAsync(list, everything: _record.PushedVersion < list.ChangesKeptSince, NoMore, cancellationToken);
    }

    private async Task EnsureFolderAsync(CancellationToken cancellationToken)
    {
        if (_record.FolderId is null)
        {
            var folder = await CallAsync(token => _store.FindOrCreateFolderAsync(_mailbox, _folderName, token), cancellationToken);
            _record = _record with { FolderId = folder, SyncState = null };
            await _save(Record);
        }
    }

    /// <summary>Lists the folder whole and treats every difference from what both sides last agreed on as a change in the mailbox.</summary>
    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var list = await _list.GetRecordAsync();
        var metadata = ListMetadata.Parse(await CallAsync(token => _store.ReadListPropertyAsync(_mailbox, _record.FolderId!, token), cancellationToken));
        var groups = metadata?.Groups ?? list.Groups;
        var listed = await ListFolderAsync(cancellationToken);
        var inbound = new Dictionary<string, Inbound>(StringComparer.Ordinal);
        foreach (var (uri, item) in listed)
        {
            if (!_items.TryGetValue(uri, out var known) || known.ItemId != item.Id || known.ChangeKey != item.ChangeKey)
            {
                inbound[uri] = new Inbound(uri, item, _mapping.FromMailbox(item, groups));
            }
        }

        foreach (var uri in _items.Keys.Where(uri => !listed.ContainsKey(uri)).ToList())
        {
            inbound[uri] = new Inbound(uri, null, null);
        }

        var agreed = ListMetadata.Parse(_record.AgreedList);
        await ApplyInboundAsync(inbound.Values, metadata is not null && (agreed is null || !metadata.SameAs(agreed)) ? metadata : null, cancellationToken);
        _record = _record with { SyncState = null, AgreedList = metadata?.Serialize() ?? _record.AgreedList };
    }

    /// <summary>Every item of the folder by SIP URI; a second item for the same contact (a create cut off before it was recorded) is deleted.</summary>
    private async Task<Dictionary<string, MailboxContactItem>> ListFolderAsync(CancellationToken cancellationToken)
    {
        var items = await CallAsync(token => _store.ListAsync(_mailbox, _record.FolderId!, token), cancellationToken);
        var byUri = new Dictionary<string, MailboxContactItem>(StringComparer.Ordinal);
        _outside.Clear();
        foreach (var item in items)
        {
            if (_mapping.SipOf(item) is not { } uri)
            {
                _outside.Add(item.Id);
                continue;
            }

            if (byUri.TryGetValue(uri.Value, out var first))
            {
                var keep = _items.TryGetValue(uri.Value, out var known) && known.ItemId == item.Id ? item : first;
                var extra = ReferenceEquals(keep, item) ? first : item;
                await CallAsync(token => Done(_store.DeleteAsync(_mailbox, extra.Id, token)), cancellationToken);
                byUri[uri.Value] = keep;
                continue;
            }

            byUri[uri.Value] = item;
        }

        return byUri;
    }

    /// <summary>Reads the folder's changes since the sync state (from the beginning without one) and applies them to the list.</summary>
    private async Task PullAsync(CancellationToken cancellationToken)
    {
        var state = _record.SyncState;
        var changed = new Dictionary<string, MailboxContactItem>(StringComparer.Ordinal);
        var removed = new HashSet<string>(StringComparer.Ordinal);
        var propertiesIncluded = true;
        ContactChangesPage page;
        do
        {
            var from = state;
            page = await CallAsync(token => _store.GetChangesAsync(_mailbox, _record.FolderId!, from, token), cancellationToken);
            foreach (var item in page.Changed)
            {
                changed[item.Id] = item;
                removed.Remove(item.Id);
            }

            foreach (var id in page.Removed)
            {
                removed.Add(id);
                changed.Remove(id);
            }

            propertiesIncluded &= page.PropertiesIncluded;
            state = page.SyncState;
        }
        while (page.MoreAvailable);

        var list = await _list.GetRecordAsync();
        var byItem = _items.Values.ToDictionary(item => item.ItemId, item => item.Agreed.Uri, StringComparer.Ordinal);
        var inbound = new Dictionary<string, Inbound>(StringComparer.Ordinal);
        foreach (var item in changed.Values)
        {
            // Replays and the echo of the cluster's own writes: the change key is the one already agreed on.
            if (byItem.TryGetValue(item.Id, out var knownUri) && _items[knownUri].ChangeKey == item.ChangeKey)
            {
                continue;
            }

            var full = propertiesIncluded ? item : await CallAsync(token => _store.GetAsync(_mailbox, item.Id, token), cancellationToken);
            var contact = full is null ? null : _mapping.FromMailbox(full, list.Groups);
            _outside.Remove(item.Id);
            if (full is not null && contact is null)
            {
                _outside.Add(item.Id);
            }

            if (contact is not null)
            {
                inbound[contact.Uri] = new Inbound(contact.Uri, full, contact);
            }

            if (knownUri is not null && knownUri != contact?.Uri)
            {
                // The item no longer stands for the contact it did (deleted, or its SIP address changed in Outlook).
                inbound.TryAdd(knownUri, new Inbound(knownUri, null, null));
            }
        }

        foreach (var id in removed)
        {
            _outside.Remove(id);
            _overLimit.Remove(id);
            if (byItem.TryGetValue(id, out var uri))
            {
                inbound.TryAdd(uri, new Inbound(uri, null, null));
            }
        }

        await ApplyInboundAsync(inbound.Values, null, cancellationToken);
        _record = _record with { SyncState = state };
    }

    /// <summary>
    /// Applies the mailbox's changes to the list in one version. A contact also edited through the cluster since the
    /// last push is merged, and the merge is written back to the mailbox when it differs from the item; a contact
    /// removed on one side and edited on the other stays, edited.
    /// </summary>
    private async Task ApplyInboundAsync(IEnumerable<Inbound> changes, ListMetadata? metadata, CancellationToken cancellationToken)
    {
        var list = await _list.GetRecordAsync();
        var pending = PendingKeys(list, _record.PushedVersion);
        var current = list.Contacts.ToDictionary(contact => contact.Uri, StringComparer.Ordinal);
        var (upserted, removed, writeBack) = (new List<Contact>(), new List<string>(), new HashSet<string>(StringComparer.Ordinal));
        foreach (var change in changes)
        {
            var ours = current.GetValueOrDefault(change.Uri);
            var edited = pending.ContainsKey(change.Uri);
            if (change.Contact is { } theirs)
            {
                var merged = edited && ours is not null ? ContactMerge.Merge(_items.GetValueOrDefault(change.Uri)?.Agreed, ours, theirs) : theirs;
                if (ours is null || !ContactBook.Same(ours, merged))
                {
                    upserted.Add(merged);
                }

                if (!ContactBook.Same(merged, theirs))
                {
                    writeBack.Add(change.Uri);
                }

                _items[change.Uri] = new SyncedContact(change.Item!.Id, change.Item.ChangeKey, theirs);
            }
            else
            {
                _items.Remove(change.Uri);
                if (edited && ours is not null)
                {
                    writeBack.Add(change.Uri);
                }
                else if (ours is not null)
                {
                    removed.Add(change.Uri);
                }
            }
        }

        var edit = new MailboxListEdit
        {
            Upserted = upserted,
            Removed = removed,
            Groups = metadata?.Groups,
            PrivacyMode = metadata?.PrivacyMode,
        };
        if (!edit.IsEmpty)
        {
            var result = await _list.ApplyFromMailboxAsync(edit);
            foreach (var uri in result.OverLimit.Concat(result.Rejected))
            {
                // Not on the list: the item stays in the mailbox, reported, and is not deleted by a later push.
                if (_items.Remove(uri, out var left))
                {
                    _overLimit.Add(left.ItemId);
                }
            }
        }

        if (writeBack.Count > 0)
        {
            await PushAsync(await _list.GetRecordAsync(), everything: false, writeBack, cancellationToken);
        }
    }

    /// <summary>
    /// Writes the list's edits made through the cluster since <see cref="ContactStoreRecord.PushedVersion"/> (or, with
    /// <paramref name="everything"/>, every difference) and <paramref name="also"/>, oldest edit first.
    /// </summary>
    private async Task PushAsync(ContactListRecord list, bool everything, IReadOnlySet<string> also, CancellationToken cancellationToken)
    {
        var desired = ListMetadata.Of(list);
        var agreed = ListMetadata.Parse(_record.AgreedList);
        var renamed = agreed is null ? [] : agreed.Groups.Where(old => desired.Groups.FirstOrDefault(g => g.Id == old.Id)?.Name != old.Name).Select(g => g.Id).ToHashSet();
        if (agreed is null || !agreed.SameAs(desired))
        {
            var value = desired.Serialize();
            await CallAsync(token => Done(_store.WriteListPropertyAsync(_mailbox, _record.FolderId!, value, token)), cancellationToken);
            _record = _record with { AgreedList = value };
        }

        var current = list.Contacts.ToDictionary(contact => contact.Uri, StringComparer.Ordinal);
        var keys = everything
            ? current.Keys.Union(_items.Keys, StringComparer.Ordinal).Select(uri => (Uri: uri, Version: 0L))
            : PendingKeys(list, _record.PushedVersion).Select(pair => (Uri: pair.Key, Version: pair.Value));
        var ordered = keys
            .Concat(also.Select(uri => (Uri: uri, Version: long.MaxValue)))
            .Concat(current.Values.Where(c => c.GroupIds.Any(renamed.Contains)).Select(c => (c.Uri, Version: long.MaxValue)))
            .OrderBy(key => key.Version).Select(key => key.Uri).Distinct(StringComparer.Ordinal).ToList();

        if (!_record.ReconcileNeeded && ordered.Any(uri => current.ContainsKey(uri) && !_items.ContainsKey(uri)))
        {
            _record = _record with { ReconcileNeeded = true };
            await _save(Record);
        }

        if (everything)
        {
            // A copy of the whole list: the items made anew do not depend on one another, so up to Exchange's 4
            // requests per mailbox go at once (the connector's gate holds the limit). They run on the grain's one
            // thread, interleaving only at their awaits.
            var created = ordered.Where(uri => current.ContainsKey(uri) && !_items.ContainsKey(uri)).ToList();
            foreach (var chunk in created.Chunk(ParallelCreates))
            {
                await Task.WhenAll(chunk.Select(uri => CreateAsync(current[uri], list.Groups, cancellationToken)));
            }
        }

        foreach (var uri in ordered)
        {
            var contact = current.GetValueOrDefault(uri);
            var synced = _items.GetValueOrDefault(uri);
            if (contact is null)
            {
                if (synced is not null)
                {
                    await CallAsync(token => Done(_store.DeleteAsync(_mailbox, synced.ItemId, token)), cancellationToken);
                    _items.Remove(uri);
                }

                continue;
            }

            if (synced is null)
            {
                await CreateAsync(contact, list.Groups, cancellationToken);
            }
            else if (!ContactBook.Same(contact, synced.Agreed) || also.Contains(uri) || contact.GroupIds.Any(renamed.Contains))
            {
                await UpdateAsync(contact, synced, list.Groups, cancellationToken);
            }
        }

        _record = _record with { PushedVersion = Math.Max(_record.PushedVersion, list.Version), ReconcileNeeded = false };
    }

    private async Task CreateAsync(Contact contact, IReadOnlyList<ContactGroup> groups, CancellationToken cancellationToken)
    {
        var item = _mapping.ToMailbox(contact, groups);
        var created = await CallAsync(token => _store.CreateAsync(_mailbox, _record.FolderId!, item, token), cancellationToken);
        _items[contact.Uri] = new SyncedContact(created.Id, created.ChangeKey, contact);
    }

    /// <summary>Updates an item; when it changed in the mailbox meanwhile, reads it again, merges and retries (once per change seen).</summary>
    private async Task UpdateAsync(Contact contact, SyncedContact synced, IReadOnlyList<ContactGroup> groups, CancellationToken cancellationToken)
    {
        var (wanted, itemId, changeKey, basis) = (contact, synced.ItemId, synced.ChangeKey, synced.Agreed);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var item = _mapping.ToMailbox(wanted, groups) with { Id = itemId, ChangeKey = changeKey };
                var newKey = await CallAsync(token => _store.UpdateAsync(_mailbox, item, token), cancellationToken);
                _items[contact.Uri] = new SyncedContact(itemId, newKey, wanted);
                break;
            }
            catch (MailboxBackendException exception) when (exception.Failure == MailboxFailure.ItemNotFound)
            {
                await CreateAsync(wanted, groups, cancellationToken);
                break;
            }
            catch (MailboxBackendException exception) when (exception.Failure == MailboxFailure.Conflict && attempt < 3)
            {
                var fresh = await CallAsync(token => _store.GetAsync(_mailbox, itemId, token), cancellationToken);
                if (fresh is null)
                {
                    await CreateAsync(wanted, groups, cancellationToken);
                    break;
                }

                var theirs = _mapping.FromMailbox(fresh, groups) ?? basis;
                wanted = ContactMerge.Merge(basis, wanted, theirs);
                (changeKey, basis) = (fresh.ChangeKey, theirs);
            }
        }

        if (!ContactBook.Same(wanted, contact))
        {
            // The merge took fields from the mailbox: the list gets them too.
            await _list.ApplyFromMailboxAsync(new MailboxListEdit { Upserted = [wanted] });
        }
    }

    /// <summary>The contacts edited through the cluster after <paramref name="since"/>, with the version of each one's last such edit.</summary>
    public static Dictionary<string, long> PendingKeys(ContactListRecord list, long since)
    {
        var keys = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var change in list.Changes)
        {
            if (change.Version <= since || change.Kind != ContactChangeKind.Contact)
            {
                continue;
            }

            if (change.FromMailbox)
            {
                // A later change from the mailbox already merged the cluster's edit, or replaced it.
                keys.Remove(change.Key);
            }
            else
            {
                keys[change.Key] = change.Version;
            }
        }

        return keys;
    }

    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        Requests++;
        var (outcome, value) = await _reader.CallAsync([_mailbox], call, cancellationToken);
        return outcome == CallOutcome.Answered
            ? value!
            : throw new ContactSyncInterruptedException(outcome, _reader.Health.LastError);
    }

    private static async Task<bool> Done(Task task)
    {
        await task;
        return true;
    }

    /// <summary>A change read from the mailbox: the item and the contact it stands for, or (both null) the contact's removal.</summary>
    private sealed record class Inbound(string Uri, MailboxContactItem? Item, Contact? Contact);
}
