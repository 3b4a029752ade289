namespace PresenceCluster.Contacts;

/// <summary>
/// The durable contact list, as stored by the "contacts" grain state. Replaced whole on every change, so that a
/// failed write can fall back to the previous instance.
/// </summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.ContactListRecord")]
public sealed record class ContactListRecord
{
    /// <summary>The list's version; 0 for a list never written.</summary>
    [Id(0)] public long Version { get; init; }

    /// <summary>The id the next new group gets.</summary>
    [Id(1)] public int NextGroupId { get; init; } = 1;

    /// <summary>The groups, by id.</summary>
    [Id(2)] public IReadOnlyList<ContactGroup> Groups { get; init; } = [];

    /// <summary>The contacts, by URI.</summary>
    [Id(3)] public IReadOnlyList<Contact> Contacts { get; init; } = [];

    /// <summary>Privacy mode.</summary>
    [Id(4)] public bool PrivacyMode { get; init; }

    /// <summary>The most recent changes, oldest first, for delta requests.</summary>
    [Id(5)] public IReadOnlyList<ContactChange> Changes { get; init; } = [];

    /// <summary>Changes after this version are all in <see cref="Changes"/>; older ones were dropped.</summary>
    [Id(6)] public long ChangesKeptSince { get; init; }

    /// <summary>
    /// Whether the list lives in the user's mailbox (the unified contact store): then this record is the mailbox's
    /// cache, and edits made through the cluster are handed to the user's <see cref="Grains.IContactStoreGrain"/>.
    /// </summary>
    [Id(7)] public bool InMailbox { get; init; }
}

/// <summary>
/// What one version changed: a contact (by URI), a group (by id) or the privacy mode; <paramref name="FromMailbox"/>
/// when the change came from the user's mailbox (so it need not be written back there).
/// </summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.ContactChange")]
public sealed record class ContactChange(
    [property: Id(0)] long Version,
    [property: Id(1)] ContactChangeKind Kind,
    [property: Id(2)] string Key,
    [property: Id(3)] bool FromMailbox = false);

/// <summary>What a <see cref="ContactChange"/> touched.</summary>
[GenerateSerializer, Alias("PresenceCluster.ContactChangeKind")]
public enum ContactChangeKind
{
    /// <summary>A contact was added, changed or removed.</summary>
    Contact = 0,

    /// <summary>A group was added, renamed or deleted.</summary>
    Group = 1,

    /// <summary>Privacy mode changed.</summary>
    PrivacyMode = 2,
}
