namespace PresenceCluster.Exchange;

/// <summary>
/// One item of a Microsoft Graph change notification about a mailbox's calendar or contact folder, as the host's webhook route received
/// it: a change (<see cref="LifecycleEvent"/> null) or a lifecycle event (<c>subscriptionRemoved</c>, <c>missed</c>,
/// <c>reauthorizationRequired</c>). Nothing in it is trusted until <see cref="ClientState"/> matched the subscription's.
/// </summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.MailboxChangeNotification")]
public sealed record class MailboxChangeNotification
{
    /// <summary>The longest subscription id accepted.</summary>
    public const int MaxIdLength = 128;

    /// <summary>The longest client state Graph allows.</summary>
    public const int MaxClientStateLength = 128;

    /// <summary>The subscription Graph says the notification belongs to.</summary>
    [Id(0)] public required string SubscriptionId { get; init; }

    /// <summary>The secret the subscription was created with, as the notification carries it.</summary>
    [Id(1)] public required string ClientState { get; init; }

    /// <summary>The lifecycle event, or null for a change of the calendar (or contacts).</summary>
    [Id(2)] public string? LifecycleEvent { get; init; }
}
