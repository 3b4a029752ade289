using PresenceCluster.Contacts;
using PresenceCluster.Exchange.Hosting;

namespace PresenceCluster.Exchange.Contacts;

/// <summary>
/// When a list moves into the mailbox, as Lync's user services policy decided it: at a sign-in once the policy allows
/// the mailbox and its delay has passed since it first did, or 7 days after a rollback while it still does. A policy
/// turned off does not move a migrated list back: that is what rollback is for. Pure.
/// </summary>
public static class ContactStorePolicyRules
{
    /// <summary>The policy in force: the user's override over the defaults.</summary>
    public static (bool UcsAllowed, int MigrationDelayInDays) InForce(ContactStoreRecord record, ContactStoreOptions defaults) =>
        (record.Override?.UcsAllowed ?? defaults.UcsAllowed, record.Override?.MigrationDelayInDays ?? defaults.MigrationDelayInDays);

    /// <summary>The record as of a sign-in (or any look) at <paramref name="now"/>: when the mailbox became allowed, and Waiting or NotMigrated as the policy says.</summary>
    public static ContactStoreRecord Evaluate(ContactStoreRecord record, ContactStoreOptions defaults, DateTimeOffset now)
    {
        var (allowed, _) = InForce(record, defaults);
        if (record.Migration is ContactMigrationState.Migrated or ContactMigrationState.Migrating)
        {
            return record;
        }

        if (!allowed)
        {
            return record with { AllowedSince = null, Migration = record.Migration == ContactMigrationState.RolledBack ? ContactMigrationState.RolledBack : ContactMigrationState.NotMigrated };
        }

        var since = record.AllowedSince ?? now;
        var migration = record.Migration == ContactMigrationState.RolledBack ? ContactMigrationState.RolledBack : ContactMigrationState.Waiting;
        return record with { AllowedSince = since, Migration = migration };
    }

    /// <summary>When the list moves at the next sign-in from then on; null when the policy does not move it.</summary>
    public static DateTimeOffset? MigratesAfter(ContactStoreRecord record, ContactStoreOptions defaults)
    {
        var (allowed, delay) = InForce(record, defaults);
        if (!allowed || record.AllowedSince is not { } since || record.Migration is ContactMigrationState.Migrated or ContactMigrationState.Migrating)
        {
            return null;
        }

        var due = since.AddDays(delay);
        var afterRollback = record.RolledBackAt + ContactStoreOptions.RemigrationDelay;
        return afterRollback > due ? afterRollback : due;
    }

    /// <summary>Whether the list moves now: an interrupted migration always resumes; otherwise the policy's time has come.</summary>
    public static bool MigrateNow(ContactStoreRecord record, ContactStoreOptions defaults, DateTimeOffset now) =>
        record.Migration == ContactMigrationState.Migrating
        || (record.Migration != ContactMigrationState.Migrated && MigratesAfter(record, defaults) is { } due && due <= now);
}
