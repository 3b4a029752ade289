namespace PresenceCluster.Client;

/// <summary>How the SDK connects to a PresenceCluster.</summary>
public sealed class PresenceClientOptions
{
    /// <summary>
    /// Gateway endpoints as <c>host:port</c>. Empty (the default) connects to a silo on this machine at
    /// <see cref="LocalGatewayPort"/>.
    /// </summary>
    public IList<string> Gateways { get; } = [];

    /// <summary>
    /// A PostgreSQL connection string: when set, the SDK finds the gateways in the cluster's membership table (the
    /// silos' <c>Cluster:Provider = PostgreSql</c>) and follows silos as they come and go. Takes precedence over
    /// <see cref="Gateways"/>.
    /// </summary>
    public string? PostgreSqlConnectionString { get; set; }

    /// <summary>The gateway port of the local silo, used when neither <see cref="Gateways"/> nor <see cref="PostgreSqlConnectionString"/> is set. Default 30000.</summary>
    public int LocalGatewayPort { get; set; } = 30000;

    /// <summary>The cluster's id; must match the silos'. Default <c>presence</c>.</summary>
    public string ClusterId { get; set; } = "presence";

    /// <summary>The service's id; must match the silos'. Default <c>PresenceCluster</c>.</summary>
    public string ServiceId { get; set; } = "PresenceCluster";

    /// <summary>How long <see cref="PresenceClusterClient.ConnectAsync"/> keeps trying to reach a gateway. Default 30 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often subscriptions are renewed. Keep it well under the silos' <c>Presence:SubscriptionLifetime</c>
    /// (default 10 minutes). Default 5 minutes.
    /// </summary>
    public TimeSpan SubscriptionRenewalInterval { get; set; } = TimeSpan.FromMinutes(5);
}
