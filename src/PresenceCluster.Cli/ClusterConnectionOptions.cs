using System.CommandLine;
using PresenceCluster.Client;

namespace PresenceCluster.Cli;

/// <summary>The options every command takes to find the cluster, with environment-variable defaults.</summary>
internal sealed class ClusterConnectionOptions
{
    public Option<string[]> Gateways { get; } = new("--gateway")
    {
        Description = "A silo gateway as host:port (repeatable). Default: $PRESENCECTL_GATEWAY, else the local silo at port 30000.",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> PostgreSql { get; } = new("--postgres")
    {
        Description = "A PostgreSQL connection string: find the gateways in the cluster's membership table. Default: $PRESENCECTL_POSTGRES.",
        Recursive = true,
    };

    public Option<string> ClusterId { get; } = new("--cluster-id")
    {
        Description = "The cluster id (Cluster:ClusterId of the silos).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("PRESENCECTL_CLUSTER_ID") ?? "presence",
        Recursive = true,
    };

    public Option<string> ServiceId { get; } = new("--service-id")
    {
        Description = "The service id (Cluster:ServiceId of the silos).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("PRESENCECTL_SERVICE_ID") ?? "PresenceCluster",
        Recursive = true,
    };

    public Option<int> TimeoutSeconds { get; } = new("--timeout")
    {
        Description = "Seconds to wait for the cluster.",
        DefaultValueFactory = _ => 15,
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Options.Add(Gateways);
        root.Options.Add(PostgreSql);
        root.Options.Add(ClusterId);
        root.Options.Add(ServiceId);
        root.Options.Add(TimeoutSeconds);
    }

    public PresenceClientOptions ToClientOptions(ParseResult parse)
    {
        var options = new PresenceClientOptions
        {
            PostgreSqlConnectionString = parse.GetValue(PostgreSql) ?? Environment.GetEnvironmentVariable("PRESENCECTL_POSTGRES"),
            ClusterId = parse.GetValue(ClusterId)!,
            ServiceId = parse.GetValue(ServiceId)!,
            ConnectTimeout = TimeSpan.FromSeconds(parse.GetValue(TimeoutSeconds)),

            // Administrative calls may wait on a partner's metadata server (up to 15 s a partner).
            ResponseTimeout = TimeSpan.FromMinutes(2),
        };
        var gateways = parse.GetValue(Gateways) is { Length: > 0 } given
            ? given
            : (Environment.GetEnvironmentVariable("PRESENCECTL_GATEWAY") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var gateway in gateways)
        {
            options.Gateways.Add(gateway);
        }

        return options;
    }
}
