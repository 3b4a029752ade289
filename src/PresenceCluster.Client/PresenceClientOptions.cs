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

    /// <summary>
    /// How many times a call that is safe to repeat (a read, a heartbeat, publishing an endpoint's state, subscribing)
    /// is tried while the cluster is unavailable, before <see cref="ClusterUnavailableException"/> (1–10). Default 5.
    /// </summary>
    public int RetryAttempts { get; set; } = 5;

    /// <summary>The wait before the first retry, doubling each time, with jitter (10 ms–10 s). Default 250 ms: five attempts span about 4 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How often the SDK asks its gateway whether a silo left the cluster, while it holds subscriptions; when one did,
    /// every subscription is renewed at once (its grains may have been on that silo). 100 ms–1 minute. Default 2 s.
    /// </summary>
    public TimeSpan SubscriptionCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a call waits for the cluster's answer before it fails (with <see cref="ClusterUnavailableException"/>,
    /// and is retried when safe). A call in flight when its gateway silo dies learns it only from this timeout, so it is
    /// kept short: presence calls answer in milliseconds. 1 s–5 minutes. Default 10 s.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
