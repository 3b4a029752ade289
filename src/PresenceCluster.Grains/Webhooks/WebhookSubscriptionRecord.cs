namespace PresenceCluster.Webhooks;

/// <summary>
/// A webhook subscription's durable state: the subscription, and per watched user the sequence number of the last
/// change the receiver accepted, so that a subscription resumed on another silo sends what the receiver has not had
/// and nothing twice.
/// </summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.WebhookSubscriptionRecord")]
public sealed record class WebhookSubscriptionRecord
{
    /// <summary>The subscription; null when there is none (never created, or ended).</summary>
    [Id(0)] public WebhookSubscription? Subscription { get; init; }

    /// <summary>Per watched user (normalised SIP URI), the sequence number of the last change delivered or of the view at creation.</summary>
    [Id(1)] public Dictionary<string, long> Delivered { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Notifications accepted by the receiver.</summary>
    [Id(2)] public long DeliveredCount { get; init; }

    /// <summary><c>missed</c> lifecycle events sent.</summary>
    [Id(3)] public int MissedEvents { get; init; }
}
