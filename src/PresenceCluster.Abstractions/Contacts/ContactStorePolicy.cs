namespace PresenceCluster.Contacts;

/// <summary>
/// A user's unified-contact-store policy, as Lync's user services policy had it. A null field follows the cluster's
/// default (<c>Exchange:Contacts:UcsAllowed</c>, <c>Exchange:Contacts:MigrationDelayInDays</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.ContactStorePolicy")]
public sealed record class ContactStorePolicy
{
    /// <summary>The longest migration delay, in days.</summary>
    public const int MaxMigrationDelayInDays = 180;

    /// <summary>Whether the list may live in the user's mailbox.</summary>
    [Id(0)] public bool? UcsAllowed { get; init; }

    /// <summary>Days (0–180) from when the policy first allowed the mailbox until the list moves, at the next sign-in after that.</summary>
    [Id(1)] public int? MigrationDelayInDays { get; init; }
}
