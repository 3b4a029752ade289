namespace PresenceCluster.Webhooks;

/// <summary>The webhook directory's durable state: every live subscription's owner and expiry, by id.</summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.WebhookDirectoryRecord")]
public sealed record class WebhookDirectoryRecord
{
    /// <summary>The subscriptions by id.</summary>
    [Id(0)] public Dictionary<string, Entry> Subscriptions { get; init; } = new(StringComparer.Ordinal);

    /// <summary>One subscription.</summary>
    [GenerateSerializer, Immutable, Alias("PresenceCluster.WebhookDirectoryRecord.Entry")]
    public sealed record class Entry(
        [property: Id(0)] string Owner,
        [property: Id(1)] DateTimeOffset ExpirationDateTime,
        [property: Id(2)] DateTimeOffset CreatedAt);
}
