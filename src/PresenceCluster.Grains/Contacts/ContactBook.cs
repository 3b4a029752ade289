using PresenceCluster.Errors;
using PresenceCluster.Validation;
using PresenceCluster.Identity;
using PresenceCluster.Privacy;

namespace PresenceCluster.Contacts;

/// <summary>
/// The contact-list rules as pure functions: each operation validates, then returns a new record one version
/// later, or throws a <see cref="PresenceClusterException"/> and changes nothing.
/// </summary>
public sealed class ContactBook(string owner, ContactOptions options)
{
    /// <summary>The list as the SDK sees it.</summary>
    public static ContactList ToContactList(ContactListRecord record) => new()
    {
        Version = record.Version,
        Groups = record.Groups,
        Contacts = record.Contacts,
        PrivacyMode = record.PrivacyMode,
    };

    /// <summary>The privacy policy the list implies.</summary>
    public static PrivacyPolicy ToPrivacyPolicy(ContactListRecord record) =>
        new(record.Contacts.ToDictionary(c => c.Uri, c => c.AccessLevel, StringComparer.Ordinal), record.PrivacyMode, record.Version);

    /// <summary>Creates a group; returns the new record and the group.</summary>
    public (ContactListRecord Record, ContactGroup Group) CreateGroup(ContactListRecord record, string? name)
    {
        var checkedName = ValidateGroupName(record, name, exceptId: null);
        if (record.Groups.Count >= options.MaxGroups)
        {
            throw new LimitReachedException("groups per contact list", options.MaxGroups);
        }

        var group = new ContactGroup { Id = record.NextGroupId, Name = checkedName };
        var next = record with { Groups = [.. record.Groups, group], NextGroupId = record.NextGroupId + 1 };
        return (Changed(next, ContactChangeKind.Group, Key(group.Id)), group);
    }

    /// <summary>Renames a group.</summary>
    public ContactListRecord RenameGroup(ContactListRecord record, int groupId, string? name)
    {
        var index = GroupIndex(record, groupId);
        var checkedName = ValidateGroupName(record, name, exceptId: groupId);
        var groups = record.Groups.ToArray();
        groups[index] = groups[index] with { Name = checkedName };
        return Changed(record with { Groups = groups }, ContactChangeKind.Group, Key(groupId));
    }

    /// <summary>Deletes a group; contacts in it stay on the list.</summary>
    public ContactListRecord DeleteGroup(ContactListRecord record, int groupId)
    {
        GroupIndex(record, groupId);
        var next = record with { Groups = [.. record.Groups.Where(g => g.Id != groupId)] };
        var changes = new List<(ContactChangeKind, string)> { (ContactChangeKind.Group, Key(groupId)) };
        var contacts = record.Contacts.ToArray();
        for (var i = 0; i < contacts.Length; i++)
        {
            if (contacts[i].GroupIds.Contains(groupId))
            {
                contacts[i] = contacts[i] with { GroupIds = [.. contacts[i].GroupIds.Where(id => id != groupId)] };
                changes.Add((ContactChangeKind.Contact, contacts[i].Uri));
            }
        }

        return Changed(next with { Contacts = contacts }, [.. changes]);
    }

    /// <summary>Adds a contact or replaces the one with the same URI.</summary>
    public ContactListRecord SetContact(ContactListRecord record, Contact? contact)
    {
        var normalised = ValidateContact(record, contact);
        var contacts = record.Contacts.ToList();
        var index = contacts.FindIndex(c => c.Uri == normalised.Uri);
        if (index >= 0)
        {
            if (contacts[index] with { GroupIds = normalised.GroupIds } == normalised && contacts[index].GroupIds.SequenceEqual(normalised.GroupIds))
            {
                return record;
            }

            contacts[index] = normalised;
        }
        else
        {
            if (contacts.Count >= options.MaxContacts)
            {
                throw new LimitReachedException("contacts per user", options.MaxContacts);
            }

            contacts.Insert(~contacts.BinarySearch(normalised, UriOrder.Instance), normalised);
        }

        return Changed(record with { Contacts = contacts }, ContactChangeKind.Contact, normalised.Uri);
    }

    /// <summary>Removes a contact.</summary>
    public ContactListRecord RemoveContact(ContactListRecord record, string? uri)
    {
        var index = ContactIndex(record, uri, out var normalised);
        var contacts = record.Contacts.ToList();
        contacts.RemoveAt(index);
        return Changed(record with { Contacts = contacts }, ContactChangeKind.Contact, normalised);
    }

    /// <summary>Sets the access level granted to a contact (null: the default).</summary>
    public ContactListRecord SetAccessLevel(ContactListRecord record, string? uri, AccessLevel? level)
    {
        if (level is { } value && !Enum.IsDefined(value))
        {
            throw new InvalidInputException("level", $"is {value}; allowed are {string.Join(", ", Enum.GetNames<AccessLevel>())} or none for the default");
        }

        var index = ContactIndex(record, uri, out var normalised);
        if (record.Contacts[index].AccessLevel == level)
        {
            return record;
        }

        var contacts = record.Contacts.ToArray();
        contacts[index] = contacts[index] with { AccessLevel = level };
        return Changed(record with { Contacts = contacts }, ContactChangeKind.Contact, normalised);
    }

    /// <summary>Turns privacy mode on or off.</summary>
    public ContactListRecord SetPrivacyMode(ContactListRecord record, bool enabled) =>
        record.PrivacyMode == enabled
            ? record
            : Changed(record with { PrivacyMode = enabled }, ContactChangeKind.PrivacyMode, string.Empty);

    /// <summary>What changed after <paramref name="sinceVersion"/>; the whole list when that is no longer known.</summary>
    public static ContactListChanges ChangesSince(ContactListRecord record, long sinceVersion)
    {
        if (sinceVersion < 0)
        {
            throw new InvalidInputException("sinceVersion", $"is {sinceVersion}; it must be 0 or a version the server returned");
        }

        if (sinceVersion > record.Version || sinceVersion < record.ChangesKeptSince)
        {
            return new ContactListChanges
            {
                FromVersion = sinceVersion,
                ToVersion = record.Version,
                IsFullResync = true,
                UpsertedContacts = record.Contacts,
                UpsertedGroups = record.Groups,
                PrivacyMode = record.PrivacyMode,
            };
        }

        var contactKeys = new SortedSet<string>(StringComparer.Ordinal);
        var groupKeys = new SortedSet<int>();
        foreach (var change in record.Changes)
        {
            if (change.Version <= sinceVersion)
            {
                continue;
            }

            if (change.Kind == ContactChangeKind.Contact)
            {
                contactKeys.Add(change.Key);
            }
            else if (change.Kind == ContactChangeKind.Group)
            {
                groupKeys.Add(int.Parse(change.Key, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        var contacts = record.Contacts.ToDictionary(c => c.Uri, StringComparer.Ordinal);
        var groups = record.Groups.ToDictionary(g => g.Id);
        return new ContactListChanges
        {
            FromVersion = sinceVersion,
            ToVersion = record.Version,
            UpsertedContacts = [.. contactKeys.Where(contacts.ContainsKey).Select(k => contacts[k])],
            RemovedContacts = [.. contactKeys.Where(k => !contacts.ContainsKey(k))],
            UpsertedGroups = [.. groupKeys.Where(groups.ContainsKey).Select(k => groups[k])],
            RemovedGroups = [.. groupKeys.Where(k => !groups.ContainsKey(k))],
            PrivacyMode = record.PrivacyMode,
        };
    }

    /// <summary>
    /// Applies what changed in the user's mailbox as one version, its changes marked as from the mailbox. The mailbox
    /// is the source of truth, so nothing is refused as a whole: a contact the rules refuse is left out (rejected), a
    /// new one beyond <see cref="ContactOptions.MaxContacts"/> too (over the limit), groups beyond
    /// <see cref="ContactOptions.MaxGroups"/> or with unusable names are dropped, and group ids no group has are ignored.
    /// Returns the record unchanged when nothing differs.
    /// </summary>
    public (ContactListRecord Record, IReadOnlyList<string> OverLimit, IReadOnlyList<string> Rejected) ApplyFromMailbox(ContactListRecord record, MailboxListEdit edit)
    {
        var changes = new List<(ContactChangeKind Kind, string Key)>();
        var next = record;
        if (edit.Groups is { } groups)
        {
            next = WithMailboxGroups(next, groups, changes);
        }

        if (edit.PrivacyMode is { } mode && mode != next.PrivacyMode)
        {
            next = next with { PrivacyMode = mode };
            changes.Add((ContactChangeKind.PrivacyMode, string.Empty));
        }

        var contacts = next.Contacts.ToDictionary(c => c.Uri, StringComparer.Ordinal);
        foreach (var uri in edit.Removed)
        {
            if (contacts.Remove(uri))
            {
                changes.Add((ContactChangeKind.Contact, uri));
            }
        }

        var (overLimit, rejected) = (new List<string>(), new List<string>());
        var known = next.Groups.Select(g => g.Id).ToHashSet();
        foreach (var upserted in edit.Upserted)
        {
            Contact contact;
            try
            {
                contact = ValidateContact(next, upserted with { GroupIds = [.. (upserted.GroupIds ?? []).Where(known.Contains)] });
            }
            catch (PresenceClusterException)
            {
                rejected.Add(upserted.Uri);
                continue;
            }

            var existing = contacts.GetValueOrDefault(contact.Uri);
            if (existing is null && contacts.Count >= options.MaxContacts)
            {
                overLimit.Add(contact.Uri);
            }
            else if (existing is null || !Same(existing, contact))
            {
                contacts[contact.Uri] = contact;
                changes.Add((ContactChangeKind.Contact, contact.Uri));
            }
        }

        if (changes.Count == 0)
        {
            return (record, overLimit, rejected);
        }

        next = next with { Contacts = [.. contacts.Values.OrderBy(c => c.Uri, StringComparer.Ordinal)] };
        return (Changed(next, fromMailbox: true, [.. changes.Distinct()]), overLimit, rejected);
    }

    /// <summary>Whether two contacts are the same in every field.</summary>
    public static bool Same(Contact left, Contact right) =>
        left with { GroupIds = right.GroupIds } == right && left.GroupIds.SequenceEqual(right.GroupIds);

    /// <summary>The mailbox's groups in place of the list's: valid, unique names, at most the limit; contacts leave deleted groups.</summary>
    private ContactListRecord WithMailboxGroups(ContactListRecord record, IReadOnlyList<ContactGroup> groups, List<(ContactChangeKind, string)> changes)
    {
        var kept = new List<ContactGroup>();
        foreach (var group in groups.Where(g => g.Id > 0).DistinctBy(g => g.Id))
        {
            var name = group.Name?.Trim();
            if (kept.Count == options.MaxGroups || string.IsNullOrEmpty(name) || name.Length > ContactGroup.MaxNameLength || FreeText.Problem(name) is not null
                || kept.Any(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            kept.Add(new ContactGroup { Id = group.Id, Name = name });
        }

        var before = record.Groups.ToDictionary(g => g.Id);
        var after = kept.ToDictionary(g => g.Id);
        foreach (var id in before.Keys.Union(after.Keys).Order())
        {
            if (!before.TryGetValue(id, out var old) || !after.TryGetValue(id, out var now) || old.Name != now.Name)
            {
                changes.Add((ContactChangeKind.Group, Key(id)));
            }
        }

        var contacts = record.Contacts.ToArray();
        for (var i = 0; i < contacts.Length; i++)
        {
            if (contacts[i].GroupIds.Any(id => !after.ContainsKey(id)))
            {
                contacts[i] = contacts[i] with { GroupIds = [.. contacts[i].GroupIds.Where(after.ContainsKey)] };
                changes.Add((ContactChangeKind.Contact, contacts[i].Uri));
            }
        }

        return record with
        {
            Groups = [.. kept.OrderBy(g => g.Id)],
            NextGroupId = Math.Max(record.NextGroupId, kept.Count == 0 ? 1 : kept.Max(g => g.Id) + 1),
            Contacts = contacts,
        };
    }

    private ContactListRecord Changed(ContactListRecord record, ContactChangeKind kind, string key) =>
        Changed(record, fromMailbox: false, (kind, key));

    private ContactListRecord Changed(ContactListRecord record, params (ContactChangeKind Kind, string Key)[] changes) =>
        Changed(record, fromMailbox: false, changes);

    private ContactListRecord Changed(ContactListRecord record, bool fromMailbox, params (ContactChangeKind Kind, string Key)[] changes)
    {
        var version = record.Version + 1;
        var log = record.Changes.Concat(changes.Select(c => new ContactChange(version, c.Kind, c.Key, fromMailbox))).ToList();
        var keptSince = record.ChangesKeptSince;
        if (log.Count > options.ChangeLogLength)
        {
            // Drop whole versions from the front, so that a kept version's changes are never half there.
            var dropUpTo = log[log.Count - options.ChangeLogLength - 1].Version;
            log.RemoveAll(c => c.Version <= dropUpTo);
            keptSince = dropUpTo;
        }

        return record with { Version = version, Changes = log, ChangesKeptSince = keptSince };
    }

    private Contact ValidateContact(ContactListRecord record, Contact? contact)
    {
        if (contact is null)
        {
            throw new InvalidInputException("contact", "is missing");
        }

        var uri = SipUri.Parse(contact.Uri, "contact.Uri").Value;
        if (uri == owner)
        {
            throw new InvalidInputException("contact.Uri", $"'{uri}' is the list's owner; a user cannot be their own contact");
        }

        if (contact.DisplayName is { Length: > Contact.MaxDisplayNameLength })
        {
            throw new InvalidInputException("contact.DisplayName", $"is {contact.DisplayName.Length} characters long; at most {Contact.MaxDisplayNameLength} are allowed");
        }

        FreeText.ThrowIfInvalid("contact.DisplayName", contact.DisplayName);

        if (contact.AccessLevel is { } level && !Enum.IsDefined(level))
        {
            throw new InvalidInputException("contact.AccessLevel", $"is {level}; allowed are {string.Join(", ", Enum.GetNames<AccessLevel>())} or none for the default");
        }

        if ((contact.Tags & ~ContactTags.NotifyWhenAvailable) != 0)
        {
            throw new InvalidInputException("contact.Tags", $"is {(int)contact.Tags}; allowed are {string.Join(", ", Enum.GetNames<ContactTags>())}");
        }

        var groupIds = (contact.GroupIds ?? []).Distinct().Order().ToArray();
        foreach (var groupId in groupIds)
        {
            if (!record.Groups.Any(g => g.Id == groupId))
            {
                throw new NotFoundException("group", groupId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return contact with { Uri = uri, GroupIds = groupIds };
    }

    private static string ValidateGroupName(ContactListRecord record, string? name, int? exceptId)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > ContactGroup.MaxNameLength)
        {
            throw new InvalidInputException("name", $"must be 1–{ContactGroup.MaxNameLength} characters long (white space at the ends does not count)");
        }

        FreeText.ThrowIfInvalid("name", trimmed);

        if (record.Groups.Any(g => g.Id != exceptId && string.Equals(g.Name, trimmed, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidInputException("name", $"'{trimmed}' is already the name of another group; group names must be unique");
        }

        return trimmed;
    }

    private static int GroupIndex(ContactListRecord record, int groupId)
    {
        for (var i = 0; i < record.Groups.Count; i++)
        {
            if (record.Groups[i].Id == groupId)
            {
                return i;
            }
        }

        throw new NotFoundException("group", Key(groupId));
    }

    private static int ContactIndex(ContactListRecord record, string? uri, out string normalised)
    {
        normalised = SipUri.Parse(uri, "uri").Value;
        for (var i = 0; i < record.Contacts.Count; i++)
        {
            if (record.Contacts[i].Uri == normalised)
            {
                return i;
            }
        }

        throw new NotFoundException("contact", normalised);
    }

    private static string Key(int groupId) => groupId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed class UriOrder : IComparer<Contact>
    {
        public static UriOrder Instance { get; } = new();

        public int Compare(Contact? x, Contact? y) => string.CompareOrdinal(x!.Uri, y!.Uri);
    }
}
