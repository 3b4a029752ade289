using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PresenceCluster.Exchange;
using PresenceCluster.Grains;

namespace PresenceCluster.Cli;

/// <summary><c>presencectl exchange status</c>: each silo's mailbox connector — backend, last success, errors, back-off, mailboxes read.</summary>
internal static class ExchangeCommands
{
    public static Command Create(CommandRunner run)
    {
        var exchange = new Command("exchange", "The mailbox connector (calendar and out of office from Exchange).");
        exchange.Subcommands.Add(Status(run));
        var mailbox = new Command("mailbox", "Users whose mailbox is not the one the addressing rule gives (same local part at the SIP domain, or Exchange:MailDomain).");
        mailbox.Subcommands.Add(SetMailbox(run));
        mailbox.Subcommands.Add(ClearMailbox(run));
        mailbox.Subcommands.Add(ListMailboxes(run));
        exchange.Subcommands.Add(mailbox);
        return exchange;
    }

    private static Command SetMailbox(CommandRunner run)
    {
        var user = new Option<string>("--user") { Description = "The user, as a SIP URI (sip:bob@contoso.com).", Required = true };
        var address = new Option<string>("--address") { Description = "The user's mailbox (robert.smith@contoso.com).", Required = true };
        var command = new Command("set", "Read this user's calendar and automatic replies from another mailbox.") { user, address };
        command.SetAction(parse => run.WithClusterAsync(parse, async cluster =>
        {
            await Overrides(cluster).SetAsync(parse.GetValue(user)!, parse.GetValue(address)!);
            await run.Output.WriteLineAsync($"{parse.GetValue(user)} reads mailbox {parse.GetValue(address)} from the next round on.");
        }));
        return command;
    }

    private static Command ClearMailbox(CommandRunner run)
    {
        var user = new Option<string>("--user") { Description = "The user, as a SIP URI.", Required = true };
        var command = new Command("clear", "Return the user to the addressing rule.") { user };
        command.SetAction(parse => run.WithClusterAsync(parse, async cluster =>
        {
            await Overrides(cluster).SetAsync(parse.GetValue(user)!, null);
            await run.Output.WriteLineAsync($"{parse.GetValue(user)} follows the addressing rule again.");
        }));
        return command;
    }

    private static Command ListMailboxes(CommandRunner run)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("list", "Every user with a mailbox of their own choosing.") { json };
        command.SetAction(parse => run.WithClusterAsync(parse, async cluster =>
        {
            var overrides = await Overrides(cluster).ListAsync();
            await run.Output.WriteLineAsync(parse.GetValue(json)
                ? JsonSerializer.Serialize(overrides, OutputFormat.Json)
                : OutputFormat.Table(["USER", "MAILBOX"], overrides.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => new[] { o.Key, o.Value })));
        }));
        return command;
    }

    private static IMailboxOverrideGrain Overrides(IClusterClient cluster) => cluster.GetGrain<IMailboxOverrideGrain>(IMailboxOverrideGrain.Key);

    private static Command Status(CommandRunner run)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("status", "Per silo: the backend, the last success, errors, back-off and circuit, and the mailboxes read in the last round.") { json };
        command.SetAction(parse => run.WithClusterAsync(parse, async cluster =>
        {
            var silos = await cluster.GetGrain<IClusterStatusGrain>(0).GetActiveSilosAsync();
            var statuses = await Task.WhenAll(silos.Order(StringComparer.Ordinal).Select(silo => cluster.GetGrain<IExchangeStatusGrain>(silo).GetStatusAsync()));
            if (parse.GetValue(json))
            {
                await run.Output.WriteLineAsync(JsonSerializer.Serialize(statuses, OutputFormat.Json));
                return;
            }

            await run.Output.WriteLineAsync(OutputFormat.Table(
                ["SILO", "BACKEND", "LAST SUCCESS", "OK", "FAILED", "BACKING OFF UNTIL", "CIRCUIT", "MAILBOXES", "SUBSCRIBED", "CHANGED", "UNKNOWN", "OVER BUDGET", "LAST ERROR"],
                statuses.Select(s => new[]
                {
                    s.Silo,
                    s.Backend,
                    Time(s.LastSuccess),
                    s.Successes.ToString(CultureInfo.InvariantCulture),
                    s.Failures.ToString(CultureInfo.InvariantCulture),
                    Time(s.BackingOffUntil),
                    s.CircuitOpen ? "open" : "closed",
                    s.MailboxesLastRound.ToString(CultureInfo.InvariantCulture),
                    s.CalendarSubscriptions.ToString(CultureInfo.InvariantCulture),
                    s.ChangedCalendarsRead.ToString(CultureInfo.InvariantCulture),
                    s.UnknownMailboxes.ToString(CultureInfo.InvariantCulture),
                    s.OverBudget.ToString(CultureInfo.InvariantCulture),
                    s.LastError ?? "-",
                })));
        }));
        return command;
    }

    private static string Time(DateTimeOffset? at) => at is { } value ? value.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";
}
