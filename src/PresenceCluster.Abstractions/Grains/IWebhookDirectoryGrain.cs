namespace PresenceCluster.Grains;

/// <summary>
/// The cluster's list of live webhook subscriptions, by owner: what <c>GET /subscriptions</c> lists, what limits each
/// user's count, and what brings every subscription back after a silo restart. Call it with key <see cref="Key"/>.
/// </summary>
[Alias("PresenceCluster.IWebhookDirectoryGrain")]
public interface IWebhookDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The one directory's key.</summary>
    public const string Key = "cluster";

    /// <summary>Adds (or updates the expiry of) a subscription.</summary>
    /// <exception cref="Errors.LimitReachedException">The owner already has the configured number of subscriptions.</exception>
    [Alias("Register")]
    Task RegisterAsync(string id, string owner, DateTimeOffset expirationDateTime);

    /// <summary>Removes a subscription; unknown ids are ignored.</summary>
    [Alias("Remove")]
    Task RemoveAsync(string id);

    /// <summary>The ids of <paramref name="owner"/>'s live subscriptions, oldest first.</summary>
    [Alias("List")]
    Task<string[]> ListAsync(string owner);

    /// <summary>
    /// Asks every live subscription to resume (activating it where its silo was lost) and forgets the expired; at most
    /// once per the configured interval however many silos ask. Returns the number of live subscriptions.
    /// </summary>
    [Alias("ResumeAll")]
    Task<int> ResumeAllAsync();
}
