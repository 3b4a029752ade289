namespace PresenceCluster.Contacts;

/// <summary>One user's contact store, as <c>presencectl contacts status</c> shows it.</summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.ContactStoreStatus")]
public sealed record class ContactStoreStatus
{
    /// <summary>The user.</summary>
    [Id(0)] public required string User { get; init; }

    /// <summary>Where the list is kept now.</summary>
    [Id(1)] public ContactStoreKind Store { get; init; }

    /// <summary>The migration state.</summary>
    [Id(2)] public ContactMigrationState Migration { get; init; }

    /// <summary>The policy in force (the user's override over the cluster's default).</summary>
    [Id(3)] public bool UcsAllowed { get; init; }

    /// <summary>The migration delay in force, in days.</summary>
    [Id(4)] public int MigrationDelayInDays { get; init; }

    /// <summary>The user's own override, null when the defaults apply.</summary>
    [Id(5)] public ContactStorePolicy? Override { get; init; }

    /// <summary>The mailbox the list lives in (or would).</summary>
    [Id(6)] public string? Mailbox { get; init; }

    /// <summary>When the list last moved into the mailbox.</summary>
    [Id(7)] public DateTimeOffset? MigratedAt { get; init; }

    /// <summary>When the list was last rolled back.</summary>
    [Id(8)] public DateTimeOffset? RolledBackAt { get; init; }

    /// <summary>When the list and the mailbox last agreed (the end of the last successful sync).</summary>
    [Id(9)] public DateTimeOffset? LastSyncAt { get; init; }

    /// <summary>The last error, until a sync succeeds.</summary>
    [Id(10)] public string? LastError { get; init; }

    /// <summary>When <see cref="LastError"/> happened.</summary>
    [Id(11)] public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>Migration attempts so far (as Lync's Debug-CsUnifiedContactStore counted them).</summary>
    [Id(12)] public int MigrationAttempts { get; init; }

    /// <summary>Edits made through the cluster that are not in the mailbox yet (the outbox).</summary>
    [Id(13)] public int PendingEdits { get; init; }

    /// <summary>Contact items of the folder that are on the list.</summary>
    [Id(14)] public int ContactsInMailbox { get; init; }

    /// <summary>Contact items of the folder with no SIP address the cluster can find or derive: kept in the mailbox, out of presence.</summary>
    [Id(15)] public int OutsidePresence { get; init; }

    /// <summary>Contact items of the folder left off the list because it is full (1000 contacts); they stay in the mailbox.</summary>
    [Id(16)] public int OverLimit { get; init; }

    /// <summary>When the list moves into the mailbox at the next sign-in (after the delay, or 7 days after a rollback); null when not planned.</summary>
    [Id(17)] public DateTimeOffset? MigratesAfter { get; init; }

    /// <summary>The user's last sign-in this store has seen since it was last loaded (not kept durably: a sign-in costs no write); null when none.</summary>
    [Id(18)] public DateTimeOffset? SignedInAt { get; init; }

    /// <summary>Whether the folder is subscribed to Graph's change notifications (while the user is signed in, with <c>Exchange:Graph:NotificationUrl</c> set).</summary>
    [Id(19)] public bool ChangeNotifications { get; init; }
}
