namespace PresenceCluster.Presence;

/// <summary>The user's contact card. Every field is optional and at most 256 characters.</summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.ContactCard")]
public sealed record class ContactCard
{
    /// <summary>Display name; seen by every level, Blocked included.</summary>
    [Id(0)] public string? DisplayName { get; init; }

    /// <summary>Job title; seen from External up.</summary>
    [Id(1)] public string? Title { get; init; }

    /// <summary>Company; seen from External up.</summary>
    [Id(2)] public string? Company { get; init; }

    /// <summary>E-mail address; seen by every level, Blocked included.</summary>
    [Id(3)] public string? Email { get; init; }

    /// <summary>Photo URL; seen from External up.</summary>
    [Id(4)] public string? PhotoUrl { get; init; }

    /// <summary>Work phone; seen from Colleagues up.</summary>
    [Id(5)] public string? WorkPhone { get; init; }

    /// <summary>Mobile phone; seen by Workgroup and Friends and Family.</summary>
    [Id(6)] public string? MobilePhone { get; init; }

    /// <summary>Home phone; seen by Friends and Family only.</summary>
    [Id(7)] public string? HomePhone { get; init; }

    /// <summary>Other phone; seen by Friends and Family only.</summary>
    [Id(8)] public string? OtherPhone { get; init; }
}
