namespace PresenceCluster.Webhooks;

/// <summary>Presence change notifications posted to subscribers' webhooks. Section <c>Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Webhooks";

    /// <summary>
    /// Whether notification URLs may point at this machine (loopback addresses, also over plain http). Default false:
    /// a webhook is an outbound request the cluster makes for whoever created the subscription, and loopback reaches
    /// the silo's own admin surfaces. Turn on for development and tests.
    /// </summary>
    public bool AllowLoopback { get; set; }

    /// <summary>
    /// Whether notification URLs may point into private networks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7,
    /// link-local). Default false, so that a subscription cannot make the cluster reach inside its own network.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>The longest a subscription may run before it must be renewed (1 minute – 60 minutes). Default 60 minutes, as Graph for presence.</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>Users a subscription may watch (1–1000). Default 650, as Graph.</summary>
    public int MaxTargets { get; set; } = 650;

    /// <summary>Live subscriptions per user (1–100). Default 10.</summary>
    public int MaxSubscriptionsPerUser { get; set; } = 10;

    /// <summary>How long a receiver may take to answer a notification or the validation handshake (1–30 s). Default 10 s, as Graph's handshake.</summary>
    public TimeSpan ReceiverTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a failing receiver is retried before its pending notifications are dropped and a <c>missed</c> event is sent (1 s – 24 hours). Default 4 hours, as Graph.</summary>
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromHours(4);

    /// <summary>The first retry delay; each later one doubles, with jitter, up to <see cref="MaxRetryDelay"/> (100 ms – 10 minutes). Default 10 s.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest delay between retries (100 ms – 1 hour). Default 15 minutes.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often each silo makes sure every live subscription is active (5 s – 1 hour), which moves subscriptions off a lost silo. Default 1 minute.</summary>
    public TimeSpan ResumeInterval { get; set; } = TimeSpan.FromMinutes(1);
}
