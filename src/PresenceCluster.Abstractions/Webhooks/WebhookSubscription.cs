namespace PresenceCluster.Webhooks;

/// <summary>
/// A change-notification subscription as Microsoft Graph defines one for presence: whose presence to watch, where to
/// post the notifications, and until when. Created by an end user (the <see cref="Owner"/>), who receives exactly
/// what they may see of each watched user.
/// </summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.WebhookSubscription")]
public sealed record class WebhookSubscription
{
    /// <summary>The subscription id (a GUID in its "D" form).</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>The user who created it and on whose behalf presence is read (normalised SIP URI).</summary>
    [Id(1)] public required string Owner { get; init; }

    /// <summary>The resource as the client wrote it, echoed back in the subscription and in every notification.</summary>
    [Id(2)] public required string Resource { get; init; }

    /// <summary>The watched users (normalised SIP URIs), from <see cref="Resource"/>.</summary>
    [Id(3)] public required string[] Targets { get; init; }

    /// <summary>Where notifications are posted.</summary>
    [Id(4)] public required Uri NotificationUrl { get; init; }

    /// <summary>Where lifecycle events (<c>missed</c>, <c>subscriptionRemoved</c>) are posted, if anywhere.</summary>
    [Id(5)] public Uri? LifecycleNotificationUrl { get; init; }

    /// <summary>Echoed in every notification, so that the receiver can tell ours from forged ones (≤ 128 characters).</summary>
    [Id(6)] public string? ClientState { get; init; }

    /// <summary>When the subscription ends unless renewed.</summary>
    [Id(7)] public required DateTimeOffset ExpirationDateTime { get; init; }

    /// <summary>The application (the token's <c>azp</c> or <c>appid</c>) that created it, if the token named one.</summary>
    [Id(8)] public string? ApplicationId { get; init; }
}
