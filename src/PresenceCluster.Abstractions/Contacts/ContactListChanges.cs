namespace PresenceCluster.Contacts;

/// <summary>
/// What changed in a contact list since a version the client holds. When the server no longer remembers that
/// version, <see cref="IsFullResync"/> is true and the lists hold everything: replace the local copy.
/// </summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.ContactListChanges")]
public sealed record class ContactListChanges
{
    /// <summary>The version the changes start from (the one the client asked with).</summary>
    [Id(0)] public long FromVersion { get; init; }

    /// <summary>The version after the changes; ask with this next time.</summary>
    [Id(1)] public long ToVersion { get; init; }

    /// <summary>True when the changes are the whole list rather than a delta.</summary>
    [Id(2)] public bool IsFullResync { get; init; }

    /// <summary>Contacts added or changed.</summary>
    [Id(3)] public IReadOnlyList<Contact> UpsertedContacts { get; init; } = [];

    /// <summary>URIs of contacts removed.</summary>
    [Id(4)] public IReadOnlyList<string> RemovedContacts { get; init; } = [];

    /// <summary>Groups added or renamed.</summary>
    [Id(5)] public IReadOnlyList<ContactGroup> UpsertedGroups { get; init; } = [];

    /// <summary>Ids of groups deleted.</summary>
    [Id(6)] public IReadOnlyList<int> RemovedGroups { get; init; } = [];

    /// <summary>The privacy mode at <see cref="ToVersion"/>.</summary>
    [Id(7)] public bool PrivacyMode { get; init; }
}
