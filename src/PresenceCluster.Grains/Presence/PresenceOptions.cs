namespace PresenceCluster.Presence;

/// <summary>How presence behaves. Section <c>Presence</c> of the configuration.</summary>
public sealed class PresenceOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Presence";

    /// <summary>Endpoints one user may have signed in at once (1–64). Default 8.</summary>
    public int MaxEndpointsPerUser { get; set; } = 8;

    /// <summary>An endpoint that has not published or heartbeated for this long is signed out (10 s–1 day). Default 10 minutes.</summary>
    public TimeSpan EndpointTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Without input, an Active endpoint becomes Inactive after this long (1 s–1 day). Default 5 minutes.</summary>
    public TimeSpan InactiveAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>An Inactive endpoint becomes Away after this much more time (1 s–1 day). Default 5 minutes.</summary>
    public TimeSpan AwayAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest expiry a manual Busy or Do not disturb may carry (1 minute–7 days). Default 1 day, as Graph.</summary>
    public TimeSpan MaxManualStateDuration { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How many earlier personal notes are kept (0–10). Default 3.</summary>
    public int NoteHistoryLength { get; set; } = 3;

    /// <summary>A subscription lapses unless renewed within this time (1 s–1 day). Default 10 minutes; the SDK renews at half of it.</summary>
    public TimeSpan SubscriptionLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Targets in one batch query or subscription (1–1000). Default 1000.</summary>
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>
    /// How long a silo's read index may serve an entry without hearing from the user's presence grain (1 s–1 hour).
    /// It bounds how stale a copy can get if an update is lost. Default 5 minutes.
    /// </summary>
    public TimeSpan IndexEntryMaxAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often each silo removes from its read index the entries that lapsed and those of users another silo now owns
    /// (1 s–1 hour). Default 1 minute.
    /// </summary>
    public TimeSpan IndexSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a silo gathers changes for one watcher connection before it sends them in one message (1 ms–1 s).
    /// Default 5 ms: the notification's added latency, against one message per change.
    /// </summary>
    public TimeSpan NotificationFlushInterval { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// The most entries a silo's read index keeps (1,000–100,000,000); beyond it the entries that lapse soonest are
    /// evicted, down to 90 %. Default 2,000,000. An evicted user costs one fetch from their grain at the next query.
    /// </summary>
    public int ReadIndexCapacity { get; set; } = 2_000_000;
}
