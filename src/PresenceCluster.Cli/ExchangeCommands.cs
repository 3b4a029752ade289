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
        return exchange;
    }

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
                ["SILO", "BACKEND", "LAST SUCCESS", "OK", "FAILED", "BACKING OFF UNTIL", "CIRCUIT", "MAILBOXES", "UNKNOWN", "OVER BUDGET", "LAST ERROR"],
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
                    s.UnknownMailboxes.ToString(CultureInfo.InvariantCulture),
                    s.OverBudget.ToString(CultureInfo.InvariantCulture),
                    s.LastError ?? "-",
                })));
        }));
        return command;
    }

    private static string Time(DateTimeOffset? at) => at is { } value ? value.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";
}
