namespace PresenceCluster.Contacts;

/// <summary>A named group of a user's contact list.</summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.ContactGroup")]
public sealed record class ContactGroup
{
    /// <summary>The longest group name accepted, in characters.</summary>
    public const int MaxNameLength = 128;

    /// <summary>The group's id, assigned by the server and never reused within one list.</summary>
    [Id(0)] public int Id { get; init; }

    /// <summary>The group's name, 1–128 characters, unique within the list (case-insensitively).</summary>
    [Id(1)] public required string Name { get; init; }
}
