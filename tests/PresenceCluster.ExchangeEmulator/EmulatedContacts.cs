using System.Globalization;
using System.Text.RegularExpressions;

namespace PresenceCluster.ExchangeEmulator;

/// <summary>
/// The contact folders and contact items of every mailbox the emulator serves, shared by its Graph and EWS faces:
/// ids and change keys as Exchange gives them (a new change key with every change), named extended properties on
/// folders and items, a change log for Graph's delta and EWS's SyncFolderItems (sync states that expire on demand,
/// changes that may come again), and the hand of an Outlook user for tests. Thread-safe.
/// </summary>
public sealed partial class EmulatedContacts
{
    private readonly object _gate = new();
    private readonly Dictionary<string, EmulatedContactFolder> _folders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EmulatedContact> _items = new(StringComparer.Ordinal);
    private readonly List<string> _writeLog = [];
    private long _sequence;
    private int _epoch = 1;
    private int _writes;
    private int _conflicts;

    /// <summary>Creates, updates and deletes of items through the protocols.</summary>
    public int Writes => Volatile.Read(ref _writes);

    /// <summary>Updates refused for a stale change key.</summary>
    public int Conflicts => Volatile.Read(ref _conflicts);

    /// <summary>When set, Exchange goes down (every request 503) once this many writes have been made.</summary>
    public int? DownAfterWrites { get; set; }

    /// <summary>Told of every change of an item: mailbox, folder, Graph's change type and the item's id (subscriptions notify).</summary>
    internal Action<string, string, string, string>? Changed { get; set; }

    /// <summary>Called when <see cref="DownAfterWrites"/> is reached.</summary>
    internal Action? GoDown { get; set; }

    /// <summary>Runs once, just before the next update through a protocol is applied (an Outlook user saving first).</summary>
    public Action<string>? BeforeNextUpdate { get; set; }

    /// <summary>Every write through a protocol in order: <c>create sip:…</c>, <c>update sip:…</c>, <c>delete sip:…</c> (the item's SipUri property).</summary>
    public IReadOnlyList<string> WriteLog
    {
        get
        {
            lock (_gate)
            {
                return [.. _writeLog];
            }
        }
    }

    /// <summary>How long each write takes (to give a test time to act in the middle of a migration).</summary>
    public TimeSpan WriteDelay { get; set; }

    /// <summary>The contact folder of <paramref name="mailbox"/> named <paramref name="name"/>, if any.</summary>
    public EmulatedContactFolder? FindFolder(string mailbox, string name)
    {
        lock (_gate)
        {
            return _folders.Values.FirstOrDefault(folder => Same(folder.Mailbox, mailbox) && string.Equals(folder.DisplayName, name, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>The folders of <paramref name="mailbox"/>.</summary>
    public IReadOnlyList<EmulatedContactFolder> FoldersOf(string mailbox)
    {
        lock (_gate)
        {
            return [.. _folders.Values.Where(folder => Same(folder.Mailbox, mailbox))];
        }
    }

    /// <summary>A folder by id.</summary>
    public EmulatedContactFolder? Folder(string id)
    {
        lock (_gate)
        {
            return _folders.GetValueOrDefault(id);
        }
    }

    /// <summary>Makes a folder; null when the mailbox has one of that name already.</summary>
    public EmulatedContactFolder? CreateFolder(string mailbox, string name)
    {
        lock (_gate)
        {
            if (FindFolder(mailbox, name) is not null)
            {
                return null;
            }

            var folder = new EmulatedContactFolder(NewId("AAMkFolder"), mailbox, name);
            _folders[folder.Id] = folder;
            return folder;
        }
    }

    /// <summary>Deletes a folder and its items (a user removing it in Outlook).</summary>
    public void DeleteFolder(string id)
    {
        lock (_gate)
        {
            _folders.Remove(id);
            foreach (var item in _items.Values.Where(item => item.FolderId == id).ToList())
            {
                _items.Remove(item.Id);
            }
        }
    }

    /// <summary>Sets a named property of a folder (key: <see cref="PropertyKey"/>).</summary>
    public bool SetFolderProperty(string folderId, string key, string value)
    {
        lock (_gate)
        {
            if (!_folders.TryGetValue(folderId, out var folder))
            {
                return false;
            }

            _folders[folderId] = folder with { Properties = new Dictionary<string, string>(folder.Properties) { [key] = value } };
            return true;
        }
    }

    /// <summary>The live items of a folder.</summary>
    public IReadOnlyList<EmulatedContact> ItemsIn(string folderId)
    {
        lock (_gate)
        {
            return [.. _items.Values.Where(item => item.FolderId == folderId && !item.Deleted).OrderBy(item => item.CreatedAt)];
        }
    }

    /// <summary>A live item by id.</summary>
    public EmulatedContact? Item(string id)
    {
        lock (_gate)
        {
            return _items.TryGetValue(id, out var item) && !item.Deleted ? item : null;
        }
    }

    /// <summary>Creates an item in a folder (through a protocol: counted as a write).</summary>
    public async Task<EmulatedContact?> CreateAsync(string folderId, EmulatedContact fields)
    {
        await WriteAsync();
        lock (_gate)
        {
            if (!_folders.TryGetValue(folderId, out var folder))
            {
                return null;
            }

            var sequence = ++_sequence;
            var item = fields with { Id = NewId("AAMkContact"), FolderId = folderId, Mailbox = folder.Mailbox, ChangeKey = NewChangeKey(), CreatedAt = sequence, ChangedAt = sequence, Deleted = false };
            _items[item.Id] = item;
            Changed?.Invoke(item.Mailbox, item.FolderId, "created", item.Id);
            _writeLog.Add("create " + Sip(item));
            return item;
        }
    }

    /// <summary>
    /// Changes an item (through a protocol: counted as a write) if its change key is <paramref name="changeKey"/> (null:
    /// any); the item and null, or null and <c>NotFound</c> / <c>Conflict</c>.
    /// </summary>
    public async Task<(EmulatedContact? Item, string? Error)> UpdateAsync(string id, string? changeKey, Func<EmulatedContact, EmulatedContact> change)
    {
        await WriteAsync();
        if (BeforeNextUpdate is { } before)
        {
            BeforeNextUpdate = null;
            before(id);
        }

        lock (_gate)
        {
            if (!_items.TryGetValue(id, out var item) || item.Deleted)
            {
                return (null, "NotFound");
            }

            if (changeKey is not null && changeKey != item.ChangeKey)
            {
                Interlocked.Increment(ref _conflicts);
                return (null, "Conflict");
            }

            var changed = change(item) with { Id = item.Id, FolderId = item.FolderId, Mailbox = item.Mailbox, ChangeKey = NewChangeKey(), CreatedAt = item.CreatedAt, ChangedAt = ++_sequence };
            _items[id] = changed;
            Changed?.Invoke(changed.Mailbox, changed.FolderId, "updated", changed.Id);
            _writeLog.Add("update " + Sip(changed));
            return (changed, null);
        }
    }

    /// <summary>Deletes an item (through a protocol: counted as a write); false when there was none.</summary>
    public async Task<bool> DeleteAsync(string id)
    {
        await WriteAsync();
        lock (_gate)
        {
            if (_items.TryGetValue(id, out var item) && !item.Deleted)
            {
                _writeLog.Add("delete " + Sip(item));
            }

            return Remove(id);
        }
    }

    /// <summary>The value of a named property of the cluster's (any set) called <paramref name="name"/>, e.g. <c>PresenceCluster.SipUri</c>.</summary>
    public static string? Property(EmulatedContact item, string name) =>
        item.Properties.FirstOrDefault(p => p.Key.EndsWith("|" + name, StringComparison.Ordinal)).Value;

    private static string Sip(EmulatedContact item) => Property(item, "PresenceCluster.SipUri") ?? item.Id;

    /// <summary>
    /// What changed in a folder after sync state <paramref name="state"/> (null: every live item), from
    /// the page the state points to, at most <paramref name="max"/> items; the states for the next page and, at the end, the
    /// next round. Null when the state expired or is not this folder's.
    /// </summary>
    public EmulatedChanges? ChangesSince(string folderId, string? state, int max)
    {
        lock (_gate)
        {
            var (since, upTo, offset) = (-1L, _sequence, 0);
            if (state is not null)
            {
                if (ParseState(state) is not { } parsed || parsed.Epoch != _epoch || parsed.FolderId != folderId)
                {
                    return null;
                }

                (since, upTo, offset) = (parsed.Since, parsed.Offset == 0 ? _sequence : parsed.UpTo, parsed.Offset);
            }

            var all = _items.Values
                .Where(item => item.FolderId == folderId && item.ChangedAt > since && !(since < 0 && item.Deleted))
                .OrderBy(item => item.ChangedAt).ThenBy(item => item.Id, StringComparer.Ordinal)
                .ToList();
            var page = all.Skip(offset).Take(max).ToList();
            var more = offset + page.Count < all.Count;
            var next = more ? State(folderId, since, upTo, offset + page.Count) : State(folderId, upTo, upTo, 0);
            return new EmulatedChanges(page, since, more, next);
        }
    }

    /// <summary>Makes every sync state handed out so far invalid (as an expired delta token or sync state).</summary>
    public void ExpireSyncStates()
    {
        lock (_gate)
        {
            _epoch++;
        }
    }

    /// <summary>A user adds a contact in Outlook.</summary>
    public EmulatedContact OutlookAdd(string folderId, string displayName, string? email = null, string? im = null, params string[] categories)
    {
        lock (_gate)
        {
            var folder = _folders[folderId];
            var sequence = ++_sequence;
            var item = new EmulatedContact
            {
                Id = NewId("AAMkContact"),
                FolderId = folderId,
                Mailbox = folder.Mailbox,
                ChangeKey = NewChangeKey(),
                DisplayName = displayName,
                EmailAddresses = email is null ? [] : [email],
                ImAddresses = im is null ? [] : [im],
                Categories = categories,
                CreatedAt = sequence,
                ChangedAt = sequence,
            };
            _items[item.Id] = item;
            Changed?.Invoke(item.Mailbox, item.FolderId, "created", item.Id);
            return item;
        }
    }

    /// <summary>A user edits a contact in Outlook.</summary>
    public EmulatedContact OutlookEdit(string id, Func<EmulatedContact, EmulatedContact> change)
    {
        lock (_gate)
        {
            var item = _items[id];
            var edited = _items[id] = change(item) with { Id = item.Id, FolderId = item.FolderId, Mailbox = item.Mailbox, ChangeKey = NewChangeKey(), CreatedAt = item.CreatedAt, ChangedAt = ++_sequence };
            Changed?.Invoke(edited.Mailbox, edited.FolderId, "updated", edited.Id);
            return edited;
        }
    }

    /// <summary>A user deletes a contact in Outlook.</summary>
    public void OutlookDelete(string id) => Remove(id);

    /// <summary>The emulator's key of a named property: the property set's GUID and the name.</summary>
    public static string PropertyKey(Guid propertySet, string name) => $"{propertySet:D}|{name}";

    /// <summary>The key of a Graph extended-property id (<c>String {guid} Name X</c>); null when it is not that form.</summary>
    public static string? PropertyKeyOfGraphId(string? id) =>
        id is not null && GraphNamedProperty().Match(id) is { Success: true } match && Guid.TryParse(match.Groups[1].Value, out var set) ? PropertyKey(set, match.Groups[2].Value) : null;

    /// <summary>The Graph id of a key.</summary>
    public static string GraphIdOfKey(string key)
    {
        var parts = key.Split('|', 2);
        return $"String {{{parts[0]}}} Name {parts[1]}";
    }

    private bool Remove(string id)
    {
        lock (_gate)
        {
            if (!_items.TryGetValue(id, out var item) || item.Deleted)
            {
                return false;
            }

            _items[id] = item with { Deleted = true, ChangedAt = ++_sequence };
            Changed?.Invoke(item.Mailbox, item.FolderId, "deleted", item.Id);
            return true;
        }
    }

    private async Task WriteAsync()
    {
        if (WriteDelay > TimeSpan.Zero)
        {
            await Task.Delay(WriteDelay);
        }

        var writes = Interlocked.Increment(ref _writes);
        if (DownAfterWrites is { } limit && writes >= limit)
        {
            DownAfterWrites = null;
            GoDown?.Invoke();
        }
    }

    private string State(string folderId, long since, long upTo, int offset) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{_epoch}|{folderId}|{since}|{upTo}|{offset}")));

    private static (int Epoch, string FolderId, long Since, long UpTo, int Offset)? ParseState(string state)
    {
        try
        {
            var parts = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(state)).Split('|');
            return parts.Length == 5
                ? (int.Parse(parts[0], CultureInfo.InvariantCulture), parts[1], long.Parse(parts[2], CultureInfo.InvariantCulture), long.Parse(parts[3], CultureInfo.InvariantCulture), int.Parse(parts[4], CultureInfo.InvariantCulture))
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N");

    private static string NewChangeKey() => "CQAAABYAAA" + Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('/', '_').Replace('+', '-');

    private static bool Same(string left, string right) => string.Equals(left, right, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^String \{([0-9a-fA-F-]{36})\} Name (\S.*)$")]
    private static partial Regex GraphNamedProperty();
}

/// <summary>A contact folder: its mailbox, name and named properties.</summary>
public sealed record class EmulatedContactFolder(string Id, string Mailbox, string DisplayName)
{
    /// <summary>Named properties by <see cref="EmulatedContacts.PropertyKey"/>.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
}

/// <summary>A contact item.</summary>
public sealed record class EmulatedContact
{
    /// <summary>The item id.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>The folder.</summary>
    public string FolderId { get; init; } = string.Empty;

    /// <summary>The mailbox.</summary>
    public string Mailbox { get; init; } = string.Empty;

    /// <summary>The change key: new with every change.</summary>
    public string ChangeKey { get; init; } = string.Empty;

    /// <summary>The display name.</summary>
    public string? DisplayName { get; init; }

    /// <summary>E-mail addresses.</summary>
    public IReadOnlyList<string> EmailAddresses { get; init; } = [];

    /// <summary>IM addresses.</summary>
    public IReadOnlyList<string> ImAddresses { get; init; } = [];

    /// <summary>Categories.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Named properties by <see cref="EmulatedContacts.PropertyKey"/>.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>The change sequence it was created at.</summary>
    public long CreatedAt { get; init; }

    /// <summary>The change sequence of its last change.</summary>
    public long ChangedAt { get; init; }

    /// <summary>Whether it was deleted (kept as a tombstone for sync).</summary>
    public bool Deleted { get; init; }
}

/// <summary>A page of a folder's changes.</summary>
public sealed record class EmulatedChanges(IReadOnlyList<EmulatedContact> Items, long Since, bool MoreAvailable, string NextState);
