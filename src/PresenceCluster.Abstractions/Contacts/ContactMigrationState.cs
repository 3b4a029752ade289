namespace PresenceCluster.Contacts;

/// <summary>Where a user's list is on its way into (or out of) the mailbox.</summary>
[GenerateSerializer, Alias("PresenceCluster.ContactMigrationState")]
public enum ContactMigrationState
{
    /// <summary>The list is in the cluster and the policy does not move it (or the user has not signed in since it allowed it).</summary>
    NotMigrated = 0,

    /// <summary>The policy allows the mailbox, but its delay (MigrationDelayInDays) has not passed yet.</summary>
    Waiting = 1,

    /// <summary>Being copied into the mailbox; an interrupted copy resumes at the next sign-in or sync.</summary>
    Migrating = 2,

    /// <summary>The mailbox holds the list; the cluster's copy is its cache.</summary>
    Migrated = 3,

    /// <summary>Moved back to the cluster by rollback; with the policy still allowing the mailbox it moves again 7 days later.</summary>
    RolledBack = 4,
}
