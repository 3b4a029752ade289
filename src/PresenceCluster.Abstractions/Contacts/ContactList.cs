namespace PresenceCluster.Contacts;

/// <summary>A whole contact list at one version.</summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.ContactList")]
public sealed record class ContactList
{
    /// <summary>The list's version: grows by one with every change.</summary>
    [Id(0)] public long Version { get; init; }

    /// <summary>The groups, by id.</summary>
    [Id(1)] public IReadOnlyList<ContactGroup> Groups { get; init; } = [];

    /// <summary>The contacts, by URI.</summary>
    [Id(2)] public IReadOnlyList<Contact> Contacts { get; init; } = [];

    /// <summary>When true, only people on this list see the user's presence; everyone else sees Offline.</summary>
    [Id(3)] public bool PrivacyMode { get; init; }
}
