using Orleans.Concurrency;
using PresenceCluster.Privacy;
using PresenceCluster.Query;

namespace PresenceCluster.Presence;

/// <summary>
/// The presence grain's cluster-internal side: calls from the contact-list grain, the query path and its own
/// deadline timer. Not part of the SDK's surface.
/// </summary>
[Alias("PresenceCluster.IPresenceMaintenanceGrain")]
public interface IPresenceMaintenanceGrain : IGrainWithStringKey
{
    /// <summary>Takes a new privacy policy from the user's contact list (older versions are ignored).</summary>
    [Alias("ApplyPrivacyPolicy")]
    Task ApplyPrivacyPolicyAsync(PrivacyPolicy policy);

    /// <summary>Re-aggregates now: idle decay, expiries and calendar steps that came due.</summary>
    [OneWay, Alias("Refresh")]
    Task RefreshAsync();

    /// <summary>
    /// Moves this grain, with its endpoints and subscriptions, to <paramref name="silo"/> as soon as it is idle (its
    /// silo is stopping gracefully).
    /// </summary>
    [Alias("MoveTo")]
    Task MoveToAsync(SiloAddress silo);

    /// <summary>The user's current read-index entry (used when a silo's index has none that holds).</summary>
    [ReadOnly, Alias("GetIndexEntry")]
    Task<PresenceIndexEntry> GetIndexEntryAsync();
}
