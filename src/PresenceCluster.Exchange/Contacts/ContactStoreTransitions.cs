using PresenceCluster.Contacts;
using PresenceCluster.Exchange.Hosting;

namespace PresenceCluster.Exchange.Contacts;

/// <summary>The contact store's record through a migration, a sync, a failure, a lost folder and a rollback; and its status. Pure.</summary>
public static class ContactStoreTransitions
{
    /// <summary>What the status says while the mailbox cannot be reached at all.</summary>
    public const string NoBackend = "Exchange:Backend is None: the mailbox cannot be reached";

    /// <summary>What the status says once the folder was found gone.</summary>
    public const string FolderLost = "the contact folder is gone from the mailbox; the list is copied into a new one at the next sync";

    /// <summary>A copy begins (a resumed one too): Lync's Debug-CsUnifiedContactStore counted every attempt.</summary>
    public static ContactStoreRecord MigrationStarted(ContactStoreRecord record) =>
        record with { Migration = ContactMigrationState.Migrating, MigrationAttempts = record.MigrationAttempts + 1 };

    /// <summary>The copy is complete: the mailbox holds the list.</summary>
    public static ContactStoreRecord Migrated(ContactStoreRecord record, DateTimeOffset now) =>
        Synced(record, now) with { Migration = ContactMigrationState.Migrated, MigratedAt = now };

    /// <summary>A pass ended with both sides agreeing.</summary>
    public static ContactStoreRecord Synced(ContactStoreRecord record, DateTimeOffset now) =>
        record with { LastSyncAt = now, LastError = null, LastErrorAt = null };

    /// <summary>A pass stopped; what it did is in <paramref name="record"/>.</summary>
    public static ContactStoreRecord Failed(ContactStoreRecord record, string problem, DateTimeOffset now) =>
        record with { LastError = problem, LastErrorAt = now };

    /// <summary>The folder is gone (deleted in Outlook): the cluster's copy is the list, copied into a new folder at the next pass.</summary>
    public static ContactStoreRecord FolderGone(ContactStoreRecord record, DateTimeOffset now) =>
        Failed(record, FolderLost, now) with { Migration = ContactMigrationState.Migrating, FolderId = null, SyncState = null, Items = [], AgreedList = null };

    /// <summary>Back in the cluster's store; a later migration lists the folder anew (the cluster's list then being the truth).</summary>
    public static ContactStoreRecord RolledBack(ContactStoreRecord record, DateTimeOffset now) =>
        ContactChangeSubscriptions.Without(record) with { Migration = ContactMigrationState.RolledBack, RolledBackAt = now, SyncState = null, Items = [], ReconcileNeeded = false };

    /// <summary>The status of <paramref name="user"/>'s store; <paramref name="list"/> (for the pending edits) when the list is in the mailbox.</summary>
    public static ContactStoreStatus Status(string user, ContactStoreRecord record, ContactStoreOptions defaults, DateTimeOffset now, string? mailbox, ContactListRecord? list, DateTimeOffset? signedInAt)
    {
        var evaluated = ContactStorePolicyRules.Evaluate(record, defaults, now);
        var (allowed, delay) = ContactStorePolicyRules.InForce(evaluated, defaults);
        return new ContactStoreStatus
        {
            User = user,
            Store = evaluated.Migration == ContactMigrationState.Migrated ? ContactStoreKind.Exchange : ContactStoreKind.Cluster,
            Migration = evaluated.Migration,
            UcsAllowed = allowed,
            MigrationDelayInDays = delay,
            Override = evaluated.Override,
            Mailbox = mailbox,
            MigratedAt = evaluated.MigratedAt,
            RolledBackAt = evaluated.RolledBackAt,
            LastSyncAt = evaluated.LastSyncAt,
            LastError = evaluated.LastError,
            LastErrorAt = evaluated.LastErrorAt,
            MigrationAttempts = evaluated.MigrationAttempts,
            PendingEdits = list is null ? 0 : MailboxContactSync.PendingKeys(list, evaluated.PushedVersion).Count,
            ContactsInMailbox = evaluated.Items.Count,
            OutsidePresence = evaluated.OutsidePresence.Count,
            OverLimit = evaluated.OverLimit.Count,
            MigratesAfter = ContactStorePolicyRules.MigratesAfter(evaluated, defaults),
            SignedInAt = signedInAt,
            ChangeNotifications = evaluated.SubscriptionId is not null,
        };
    }
}
