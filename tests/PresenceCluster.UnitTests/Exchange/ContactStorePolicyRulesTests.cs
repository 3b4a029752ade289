using PresenceCluster.Contacts;
using PresenceCluster.Exchange.Contacts;
using PresenceCluster.Exchange.Hosting;

namespace PresenceCluster.UnitTests.Exchange;

/// <summary>When a list moves into the mailbox: the policy, its delay, rollback's 7 days, and a resumed migration.</summary>
public sealed class ContactStorePolicyRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly ContactStoreOptions Allowed = new() { UcsAllowed = true };
    private static readonly ContactStoreOptions NotAllowed = new();

    [Fact]
    public void AllowedWithoutDelay_MigratesAtTheFirstLook()
    {
        var record = ContactStorePolicyRules.Evaluate(new ContactStoreRecord(), Allowed, Now);

        Assert.Equal(ContactMigrationState.Waiting, record.Migration);
        Assert.Equal(Now, ContactStorePolicyRules.MigratesAfter(record, Allowed));
        Assert.True(ContactStorePolicyRules.MigrateNow(record, Allowed, Now));
    }

    [Fact]
    public void Delay_CountsFromWhenThePolicyFirstAllowedIt()
    {
        var options = new ContactStoreOptions { UcsAllowed = true, MigrationDelayInDays = 5 };
        var first = ContactStorePolicyRules.Evaluate(new ContactStoreRecord(), options, Now);
        var later = ContactStorePolicyRules.Evaluate(first, options, Now.AddDays(4));

        Assert.Equal(Now, later.AllowedSince);
        Assert.False(ContactStorePolicyRules.MigrateNow(later, options, Now.AddDays(4)));
        Assert.True(ContactStorePolicyRules.MigrateNow(later, options, Now.AddDays(5)));
    }

    [Fact]
    public void UsersOwnPolicy_OverridesTheDefaults_BothWays()
    {
        var allowedForOne = new ContactStoreRecord { Override = new ContactStorePolicy { UcsAllowed = true, MigrationDelayInDays = 1 } };
        var refusedForOne = new ContactStoreRecord { Override = new ContactStorePolicy { UcsAllowed = false } };

        Assert.Equal((true, 1), ContactStorePolicyRules.InForce(allowedForOne, NotAllowed));
        Assert.False(ContactStorePolicyRules.MigrateNow(ContactStorePolicyRules.Evaluate(refusedForOne, Allowed, Now), Allowed, Now.AddDays(100)));
    }

    [Fact]
    public void Rollback_WaitsSevenDays_WhileThePolicyAllows_AndForeverWhenItDoesNot()
    {
        var rolledBack = new ContactStoreRecord { Migration = ContactMigrationState.RolledBack, RolledBackAt = Now, AllowedSince = Now.AddDays(-30) };

        var allowed = ContactStorePolicyRules.Evaluate(rolledBack, Allowed, Now);
        var refused = ContactStorePolicyRules.Evaluate(rolledBack, NotAllowed, Now);

        Assert.Equal(Now.AddDays(7), ContactStorePolicyRules.MigratesAfter(allowed, Allowed));
        Assert.False(ContactStorePolicyRules.MigrateNow(allowed, Allowed, Now.AddDays(7).AddTicks(-1)));
        Assert.True(ContactStorePolicyRules.MigrateNow(allowed, Allowed, Now.AddDays(7)));
        Assert.Equal(ContactMigrationState.RolledBack, refused.Migration);
        Assert.Null(ContactStorePolicyRules.MigratesAfter(refused, NotAllowed));
    }

    [Fact]
    public void MigratedList_StaysWhenThePolicyIsTurnedOff_AndACutOffMigrationAlwaysResumes()
    {
        var migrated = new ContactStoreRecord { Migration = ContactMigrationState.Migrated };
        var migrating = new ContactStoreRecord { Migration = ContactMigrationState.Migrating };

        Assert.Equal(ContactMigrationState.Migrated, ContactStorePolicyRules.Evaluate(migrated, NotAllowed, Now).Migration);
        Assert.False(ContactStorePolicyRules.MigrateNow(migrated, Allowed, Now));
        Assert.True(ContactStorePolicyRules.MigrateNow(migrating, NotAllowed, Now));
    }

    [Theory]
    [InlineData(-1, "PresenceCluster Contacts", "00:05:00", "MigrationDelayInDays")]
    [InlineData(181, "PresenceCluster Contacts", "00:05:00", "MigrationDelayInDays")]
    [InlineData(0, "", "00:05:00", "FolderName")]
    [InlineData(0, "a/b", "00:05:00", "FolderName")]
    [InlineData(0, "PresenceCluster Contacts", "00:00:01", "SyncInterval")]
    [InlineData(0, "PresenceCluster Contacts", "02:00:00", "SyncInterval")]
    public void Options_OutOfRange_AreNamed(int delay, string folder, string interval, string setting)
    {
        var failures = new ContactStoreOptions { MigrationDelayInDays = delay, FolderName = folder, SyncInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) }.Validate("Exchange:Contacts");

        Assert.Contains($"Exchange:Contacts:{setting}", Assert.Single(failures), StringComparison.Ordinal);
    }
}
