using PresenceCluster.Contacts;

namespace PresenceCluster.Exchange.Contacts;

/// <summary>The durable state of a user's <see cref="ContactStoreGrain"/>: policy override, migration and sync state.</summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.ContactStoreRecord")]
public sealed record class ContactStoreRecord
{
    /// <summary>The user's own policy; null: the cluster's defaults.</summary>
    [Id(0)] public ContactStorePolicy? Override { get; init; }

    /// <summary>The migration state.</summary>
    [Id(1)] public ContactMigrationState Migration { get; init; }

    /// <summary>When the policy first allowed the mailbox (the migration delay counts from here); null while it does not.</summary>
    [Id(2)] public DateTimeOffset? AllowedSince { get; init; }

    /// <summary>The list's folder in the mailbox, once found or made.</summary>
    [Id(3)] public string? FolderId { get; init; }

    /// <summary>The folder's sync state (Graph's delta link, EWS's SyncState); null: the next sync lists the folder whole.</summary>
    [Id(4)] public string? SyncState { get; init; }

    /// <summary>Per contact on both sides: its item, change key and the contact as both last agreed (the merge base).</summary>
    [Id(5)] public IReadOnlyList<SyncedContact> Items { get; init; } = [];

    /// <summary>The list version whose edits made through the cluster are all in the mailbox.</summary>
    [Id(6)] public long PushedVersion { get; init; }

    /// <summary>
    /// Set (durably) before items are created and cleared when the push ends: if a push was cut off, the next sync
    /// lists the folder first and finds what was created, instead of creating it twice.
    /// </summary>
    [Id(7)] public bool ReconcileNeeded { get; init; }

    /// <summary>When the list last moved into the mailbox.</summary>
    [Id(8)] public DateTimeOffset? MigratedAt { get; init; }

    /// <summary>When the list was last rolled back.</summary>
    [Id(9)] public DateTimeOffset? RolledBackAt { get; init; }

    /// <summary>The end of the last successful sync.</summary>
    [Id(10)] public DateTimeOffset? LastSyncAt { get; init; }

    /// <summary>The last error, until a sync succeeds.</summary>
    [Id(11)] public string? LastError { get; init; }

    /// <summary>When <see cref="LastError"/> happened.</summary>
    [Id(12)] public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>Migration attempts.</summary>
    [Id(13)] public int MigrationAttempts { get; init; }

    /// <summary>Items of the folder with no SIP address the cluster can find or derive.</summary>
    [Id(14)] public IReadOnlyList<string> OutsidePresence { get; init; } = [];

    /// <summary>Items of the folder left off the list because it is full.</summary>
    [Id(15)] public IReadOnlyList<string> OverLimit { get; init; } = [];

    /// <summary>The groups and privacy mode both sides last agreed on (<see cref="ListMetadata"/>'s JSON); null before the first write.</summary>
    [Id(16)] public string? AgreedList { get; init; }

    /// <summary>Graph's subscription to the folder's contacts (change notifications), while the user is signed in.</summary>
    [Id(17)] public string? SubscriptionId { get; init; }

    /// <summary>The secret every notification of the subscription must carry.</summary>
    [Id(18)] public string? SubscriptionClientState { get; init; }

    /// <summary>Until when Graph keeps the subscription.</summary>
    [Id(19)] public DateTimeOffset SubscriptionExpiresAt { get; init; }

    /// <summary>The folder the subscription watches.</summary>
    [Id(20)] public string? SubscribedFolder { get; init; }
}

/// <summary>A contact that is on both sides: its mailbox item and the state both last agreed on.</summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.SyncedContact")]
public sealed record class SyncedContact(
    [property: Id(0)] string ItemId,
    [property: Id(1)] string ChangeKey,
    [property: Id(2)] Contact Agreed);
