using PresenceCluster.Privacy;

namespace PresenceCluster.Contacts;

/// <summary>One entry of a user's contact list.</summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.Contact")]
public sealed record class Contact
{
    /// <summary>The longest display name accepted, in characters.</summary>
    public const int MaxDisplayNameLength = 256;

    /// <summary>The contact's normalised SIP URI; unique within the list.</summary>
    [Id(0)] public required string Uri { get; init; }

    /// <summary>The name to show, at most 256 characters.</summary>
    [Id(1)] public string? DisplayName { get; init; }

    /// <summary>The ids of the groups the contact is in (each must exist).</summary>
    [Id(2)] public IReadOnlyList<int> GroupIds { get; init; } = [];

    /// <summary>
    /// The access level this user grants the contact; null means the default (Colleagues in the same SIP
    /// domain, External otherwise).
    /// </summary>
    [Id(3)] public AccessLevel? AccessLevel { get; init; }

    /// <summary>Tags such as "tell me when available".</summary>
    [Id(4)] public ContactTags Tags { get; init; }

    /// <summary>Whether the contact is a favourite.</summary>
    [Id(5)] public bool IsFavourite { get; init; }
}
