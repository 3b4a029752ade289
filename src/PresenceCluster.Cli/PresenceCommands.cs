using System.CommandLine;
using PresenceCluster.Identity;
using PresenceCluster.Presence;

namespace PresenceCluster.Cli;

/// <summary><c>presencectl presence watch</c>: follow users' presence as a watcher sees it, until Ctrl+C or SIGTERM.</summary>
internal static class PresenceCommands
{
    public static Command Create(CommandRunner run)
    {
        var presence = new Command("presence", "Users' presence.");
        presence.Subcommands.Add(Watch(run));
        return presence;
    }

    private static Command Watch(CommandRunner run)
    {
        var watcher = new Option<string>("--watcher") { Description = "Whose view to show, as a SIP URI (sip:alice@contoso.com).", Required = true };
        var targets = new Option<string[]>("--target") { Description = "A user to watch; repeat for several (up to 1000).", Required = true, AllowMultipleArgumentsPerToken = true };
        var command = new Command("watch", "Print the users' presence as the watcher sees it, then every change, until Ctrl+C or SIGTERM. Says when a silo change made the view stale and when it is repaired.")
        {
            watcher,
            targets,
        };
        command.SetAction((parse, cancellation) => run.WithClientAsync(parse, async client =>
        {
            var who = SipUri.Parse(parse.GetValue(watcher), "--watcher");
            var whom = parse.GetValue(targets)!.Select(t => SipUri.Parse(t, "--target")).ToArray();
            await using var subscription = await client.SubscribeAsync(who, whom, cancellation);
            subscription.StaleChanged += stale => run.Output.WriteLine(stale ? "(stale: a silo changed; repairing)" : "(repaired)");
            foreach (var view in subscription.InitialViews)
            {
                await run.Output.WriteLineAsync(Describe(view));
            }

            await run.Output.FlushAsync(cancellation);
            try
            {
                await foreach (var change in subscription.ReadChangesAsync(cancellation))
                {
                    await run.Output.WriteLineAsync(Describe(change));
                    await run.Output.FlushAsync(cancellation);
                }
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                // Ctrl+C or SIGTERM: the subscription ends below and the command exits 0.
            }
        }));
        return command;
    }

    private static string Describe(PresenceView view) =>
        $"{view.Target} {view.GraphAvailability} ({view.Availability}){(view.Note is { Length: > 0 } note ? ": " + note : string.Empty)}";
}
