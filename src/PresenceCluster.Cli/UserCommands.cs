using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PresenceCluster.Grains;

namespace PresenceCluster.Cli;

/// <summary><c>presencectl user token</c>: an end user's bearer token signed by the cluster, for scripts and tests.</summary>
internal static class UserCommands
{
    public static Command Create(CommandRunner run)
    {
        var user = new Command("user", "End users of the Graph-compatible API.");
        user.Subcommands.Add(Token(run));
        return user;
    }

    private static Command Token(CommandRunner run)
    {
        var who = new Option<string>("--user") { Description = "The user, as a SIP URI (sip:alice@contoso.com).", Required = true };
        var lifetime = new Option<TimeSpan?>("--lifetime")
        {
            Description = "How long the token lives (hh:mm:ss, 00:01:00–1.00:00:00). Default: Auth:Users:DevTokenLifetime (8 hours).",
            CustomParser = result => TimeSpan.TryParse(result.Tokens.Single().Value, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new FormatException($"--lifetime '{result.Tokens.Single().Value}' is not a duration such as 01:00:00."),
        };
        var json = new Option<bool>("--json") { Description = "Print {\"access_token\",\"token_type\",\"expires_in\"} instead of the bare token." };
        var command = new Command(
            "token",
            "Print a bearer token for the user, signed by the cluster (accepted while no identity provider is configured in Auth:Users:Authority). "
            + "For scripts: TOKEN=$(presencectl user token --user sip:alice@contoso.com). Anyone who can reach the gateway can do this: it is an administrator's interface.")
        {
            who,
            lifetime,
            json,
        };
        command.SetAction(parse => run.WithClusterAsync(parse, async cluster =>
        {
            var token = await cluster.GetGrain<IUserTokenGrain>(0).IssueAsync(parse.GetValue(who)!, parse.GetValue(lifetime));
            await run.Output.WriteLineAsync(parse.GetValue(json)
                ? JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["access_token"] = token.AccessToken,
                    ["token_type"] = "Bearer",
                    ["expires_in"] = (int)(token.ExpiresAt - DateTimeOffset.UtcNow).TotalSeconds,
                })
                : token.AccessToken);
        }));
        return command;
    }
}
