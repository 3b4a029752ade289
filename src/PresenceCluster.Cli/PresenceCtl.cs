using System.CommandLine;
using PresenceCluster.Client;
using PresenceCluster.Errors;
using PresenceCluster.Grains;

namespace PresenceCluster.Cli;

/// <summary>
/// presencectl: manages a running PresenceCluster — partner applications and the OAuth token-issuer certificate —
/// through the cluster itself, so every silo sees a change as soon as the command returns.
/// </summary>
public static class PresenceCtl
{
    /// <summary>Runs the command line <paramref name="args"/>, writing results to <paramref name="output"/> and problems to <paramref name="error"/>.</summary>
    /// <returns>One of <see cref="ExitCodes"/>.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var connection = new ClusterConnectionOptions();
        var root = new RootCommand("presencectl: manage a PresenceCluster's OAuth partner applications and token-issuer certificate, watch presence, and issue user tokens.");
        connection.AddTo(root);
        var run = new CommandRunner(connection, output, error);
        root.Subcommands.Add(PartnerCommands.Create(run));
        root.Subcommands.Add(OAuthCommands.Create(run));
        root.Subcommands.Add(PresenceCommands.Create(run));
        root.Subcommands.Add(UserCommands.Create(run));
        root.Subcommands.Add(ExchangeCommands.Create(run));
        root.Subcommands.Add(ContactCommands.Create(run));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync($"presencectl: {problem.Message}");
            }

            await error.WriteLineAsync("Run 'presencectl --help' for usage.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }
}

/// <summary>Connects to the cluster for one command and turns failures into messages and exit codes.</summary>
internal sealed class CommandRunner(ClusterConnectionOptions connection, TextWriter output, TextWriter error)
{
    public TextWriter Output { get; } = output;

    /// <summary>The cluster's OAuth registry, which every command manages.</summary>
    public static IOAuthRegistryGrain Registry(IClusterClient cluster) => cluster.GetGrain<IOAuthRegistryGrain>(IOAuthRegistryGrain.Key);

    public Task<int> WithClusterAsync(ParseResult parse, Func<IClusterClient, Task> action) =>
        WithClientAsync(parse, client => action(client.ClusterClient));

    public async Task<int> WithClientAsync(ParseResult parse, Func<PresenceClusterClient, Task> action)
    {
        PresenceClusterClient client;
        try
        {
            client = await PresenceClusterClient.ConnectAsync(connection.ToClientOptions(parse));
        }
        catch (InvalidInputException exception)
        {
            await error.WriteLineAsync($"presencectl: {exception.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            await error.WriteLineAsync($"presencectl: cannot reach the cluster ({exception.Message}). Check --gateway/--postgres and that the silos run.");
            return ExitCodes.Unavailable;
        }

        await using (client)
        {
            try
            {
                await action(client);
                return ExitCodes.Success;
            }
            catch (PresenceClusterException exception)
            {
                await error.WriteLineAsync($"presencectl: {exception.Message}");
                return ExitCodes.Refused;
            }
            catch (Exception exception) when (exception is TimeoutException or OrleansException or ClusterUnavailableException)
            {
                await error.WriteLineAsync($"presencectl: the cluster did not complete the request ({exception.Message}).");
                return ExitCodes.Unavailable;
            }
        }
    }

    public async Task<int> FailAsync(int exitCode, string message)
    {
        await error.WriteLineAsync($"presencectl: {message}");
        return exitCode;
    }
}
