using Orleans.Concurrency;
using PresenceCluster.Webhooks;

namespace PresenceCluster.Grains;

/// <summary>
/// One presence change-notification subscription, keyed by its id. Durable: it survives silo restarts and moves with
/// its grain; while it lives it watches its targets and posts their changes to the notification URL, retrying a
/// failing receiver with back-off for the configured window.
/// </summary>
[Alias("PresenceCluster.IWebhookSubscriptionGrain")]
public interface IWebhookSubscriptionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Validates the notification URL (and the lifecycle URL) with Graph's handshake, then stores and starts the
    /// subscription; its id must be this grain's key.
    /// </summary>
    /// <exception cref="Errors.InvalidInputException">The subscription is unusable or a receiver failed the handshake; the message says which and why.</exception>
    [Alias("Create")]
    Task<WebhookSubscription> CreateAsync(WebhookSubscription subscription);

    /// <summary>The subscription, if <paramref name="owner"/> owns it.</summary>
    /// <exception cref="Errors.NotFoundException">There is none, it expired, or someone else owns it.</exception>
    [Alias("Get")]
    Task<WebhookSubscription> GetAsync(string owner);

    /// <summary>Moves the expiry of <paramref name="owner"/>'s subscription.</summary>
    /// <exception cref="Errors.NotFoundException">There is none, it expired, or someone else owns it.</exception>
    [Alias("Renew")]
    Task<WebhookSubscription> RenewAsync(string owner, DateTimeOffset expirationDateTime);

    /// <summary>Ends <paramref name="owner"/>'s subscription.</summary>
    /// <exception cref="Errors.NotFoundException">There is none, it expired, or someone else owns it.</exception>
    [Alias("Delete")]
    Task DeleteAsync(string owner);

    /// <summary>How delivery is going.</summary>
    /// <exception cref="Errors.NotFoundException">There is none, it expired, or someone else owns it.</exception>
    [Alias("GetDeliveryStatus")]
    Task<WebhookDeliveryStatus> GetDeliveryStatusAsync(string owner);

    /// <summary>
    /// Makes sure a live subscription is active and watching (after a silo restart or loss); returns whether it lives.
    /// Interleaves, because the directory that calls it may be what a busy subscription is waiting for.
    /// </summary>
    [AlwaysInterleave, Alias("Resume")]
    Task<bool> ResumeAsync();
}
