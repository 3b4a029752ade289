namespace PresenceCluster.Webhooks;

/// <summary>How delivery of one subscription's notifications is going, for its owner and for operators.</summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.WebhookDeliveryStatus")]
public sealed record class WebhookDeliveryStatus
{
    /// <summary>Notifications accepted by the receiver since the subscription was created.</summary>
    [Id(0)] public long Delivered { get; init; }

    /// <summary>Watched users whose latest change the receiver has not accepted yet.</summary>
    [Id(1)] public int Pending { get; init; }

    /// <summary>Failed attempts since the last success.</summary>
    [Id(2)] public int FailedAttempts { get; init; }

    /// <summary>When the current run of failures began, if delivery is failing.</summary>
    [Id(3)] public DateTimeOffset? FailingSince { get; init; }

    /// <summary>When the next attempt is due, if one is scheduled.</summary>
    [Id(4)] public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>What the receiver did on the last failure (status code or connection error), if any.</summary>
    [Id(5)] public string? LastError { get; init; }

    /// <summary>Lifecycle events posted (<c>missed</c> after the retry window ran out).</summary>
    [Id(6)] public int MissedEvents { get; init; }
}
