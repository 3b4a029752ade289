using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PresenceCluster.Contacts;
using PresenceCluster.Grains;
using PresenceCluster.Identity;

namespace PresenceCluster.Cli;

/// <summary>
/// <c>presencectl contacts</c>: the unified contact store per user — where the list is and how its sync goes
/// (<c>status</c>, as Lync's Debug-CsUnifiedContactStore), the user's policy (<c>policy set|clear</c>, as a user
/// services policy's UcsAllowed and MigrationDelayInDays), <c>sync</c> now, and <c>rollback</c> (Invoke-CsUcsRollback).
/// </summary>
internal static class ContactCommands
{
    public static Command Create(CommandRunner run)
    {
        var contacts = new Command("contacts", "Users' contact lists in their Exchange mailboxes (the unified contact store).");
        contacts.Subcommands.Add(Status(run));
        contacts.Subcommands.Add(Sync(run));
        contacts.Subcommands.Add(Rollback(run));
        var policy = new Command("policy", "A user's own unified-contact-store policy over the defaults (Exchange:Contacts:UcsAllowed, MigrationDelayInDays).");
        policy.Subcommands.Add(SetPolicy(run));
        policy.Subcommands.Add(ClearPolicy(run));
        contacts.Subcommands.Add(policy);
        return contacts;
    }

    private static Option<string> UserOption() => new("--user") { Description = "The user, as a SIP URI (sip:bob@contoso.com).", Required = true };

    private static Command Status(CommandRunner run) =>
        StoreCommand(run, "status", "Where the user's list is kept, its migration, last sync, pending edits and errors.", store => store.GetStatusAsync());

    private static Command Sync(CommandRunner run) =>
        StoreCommand(run, "sync", "Sync the user's list with the mailbox now (migrating first when that is due).", store => store.SyncNowAsync());

    private static Command Rollback(CommandRunner run) => StoreCommand(
        run,
        "rollback",
        "Move the user's list back to the cluster's store. While the policy still allows the mailbox it moves there again at the first sign-in 7 days later: set the user's policy to --ucs-allowed false to keep it.",
        store => store.RollbackAsync());

    /// <summary>A command about one user's store that prints the status <paramref name="act"/> returns.</summary>
    private static Command StoreCommand(CommandRunner run, string name, string description, Func<IContactStoreGrain, Task<ContactStoreStatus>> act)
    {
        var user = UserOption();
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command(name, description) { user, json };
        command.SetAction(parse => run.WithClusterAsync(parse, async cluster =>
            await PrintAsync(run, await act(Store(cluster, parse.GetValue(user)!)), parse.GetValue(json))));
        return command;
    }

    private static Command SetPolicy(CommandRunner run)
    {
        var user = UserOption();
        var allowed = new Option<bool?>("--ucs-allowed") { Description = "Whether the list may live in the mailbox (true/false); omitted: the default." };
        var delay = new Option<int?>("--migration-delay-days") { Description = "Days (0–180) from when the policy allows the mailbox until the list moves at a sign-in; omitted: the default." };
        var command = new Command("set", "Set the user's own policy.") { user, allowed, delay };
        command.SetAction(parse => run.WithClusterAsync(parse, async cluster =>
            await PrintAsync(run, await Store(cluster, parse.GetValue(user)!).SetPolicyAsync(new ContactStorePolicy { UcsAllowed = parse.GetValue(allowed), MigrationDelayInDays = parse.GetValue(delay) }), json: false)));
        return command;
    }

    private static Command ClearPolicy(CommandRunner run)
    {
        var user = UserOption();
        var command = new Command("clear", "Return the user to the defaults.") { user };
        command.SetAction(parse => run.WithClusterAsync(parse, async cluster =>
            await PrintAsync(run, await Store(cluster, parse.GetValue(user)!).SetPolicyAsync(null), json: false)));
        return command;
    }

    private static IContactStoreGrain Store(IClusterClient cluster, string user) =>
        cluster.GetGrain<IContactStoreGrain>(UserGrainKey.For(SipUri.Parse(user, "--user")));

    private static Task PrintAsync(CommandRunner run, ContactStoreStatus status, bool json)
    {
        if (json)
        {
            return run.Output.WriteLineAsync(JsonSerializer.Serialize(status, OutputFormat.Json));
        }

        return run.Output.WriteLineAsync(OutputFormat.Table(
            ["USER", "STORE", "MIGRATION", "POLICY", "MIGRATES AFTER", "LAST SYNC", "PENDING", "IN MAILBOX", "OUTSIDE PRESENCE", "OVER LIMIT", "ATTEMPTS", "LAST ERROR"],
            [[
                status.User,
                status.Store.ToString(),
                status.Migration.ToString(),
                $"UcsAllowed={status.UcsAllowed} delay={status.MigrationDelayInDays}d{(status.Override is null ? string.Empty : " (user's own)")}",
                Time(status.MigratesAfter),
                Time(status.LastSyncAt),
                status.PendingEdits.ToString(CultureInfo.InvariantCulture),
                status.ContactsInMailbox.ToString(CultureInfo.InvariantCulture),
                status.OutsidePresence.ToString(CultureInfo.InvariantCulture),
                status.OverLimit.ToString(CultureInfo.InvariantCulture),
                status.MigrationAttempts.ToString(CultureInfo.InvariantCulture),
                status.LastError ?? "-",
            ]]));
    }

    private static string Time(DateTimeOffset? at) => at is { } value ? value.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";
}
