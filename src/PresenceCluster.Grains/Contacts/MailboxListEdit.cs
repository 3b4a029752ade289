namespace PresenceCluster.Contacts;

/// <summary>
/// What a sync with the user's mailbox found changed there, to apply to the cluster's copy of the list in one version.
/// </summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.MailboxListEdit")]
public sealed record class MailboxListEdit
{
    /// <summary>The mailbox's groups, whole; null: unchanged.</summary>
    [Id(0)] public IReadOnlyList<ContactGroup>? Groups { get; init; }

    /// <summary>The mailbox's privacy mode; null: unchanged.</summary>
    [Id(1)] public bool? PrivacyMode { get; init; }

    /// <summary>Contacts added or changed in the mailbox.</summary>
    [Id(2)] public IReadOnlyList<Contact> Upserted { get; init; } = [];

    /// <summary>URIs of contacts removed from the mailbox.</summary>
    [Id(3)] public IReadOnlyList<string> Removed { get; init; } = [];

    /// <summary>Whether nothing is in it.</summary>
    public bool IsEmpty => Groups is null && PrivacyMode is null && Upserted.Count == 0 && Removed.Count == 0;
}

/// <summary>What applying a <see cref="MailboxListEdit"/> did.</summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.MailboxEditResult")]
public sealed record class MailboxEditResult(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<string> OverLimit,
    [property: Id(2)] IReadOnlyList<string> Rejected);
