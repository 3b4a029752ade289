using PresenceCluster.Presence;

namespace PresenceCluster.Grains;

/// <summary>
/// The batch entry point: answers many targets in one call from the silo's read index, and sets up many
/// subscriptions at once. A stateless worker: call it with key 0.
/// </summary>
[Alias("PresenceCluster.IPresenceQueryGrain")]
public interface IPresenceQueryGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The views of <paramref name="targets"/> (normalised SIP URIs, at most the configured batch size) as
    /// <paramref name="watcher"/> may see them, in the order asked.
    /// </summary>
    [Alias("Query")]
    Task<PresenceView[]> QueryAsync(string watcher, string[] targets);

    /// <summary>
    /// What <see cref="QueryAsync"/> answers, as the silo's pre-encoded bytes (<see cref="PresenceViewEncoding"/>): the
    /// SDK's batch path, which spares the silo serializing every view for every lookup.
    /// </summary>
    [Alias("QueryEncoded")]
    Task<EncodedPresenceViews> QueryEncodedAsync(string watcher, string[] targets);

    /// <summary>
    /// The views of <paramref name="targets"/> as an application without a user of its own sees them: the view of
    /// <paramref name="level"/>, except that privacy mode hides presence from it as from anyone not on the list.
    /// </summary>
    [Alias("QueryForLevel")]
    Task<PresenceView[]> QueryForLevelAsync(Privacy.AccessLevel level, string[] targets);

    /// <summary>Subscribes to (or renews) every target; returns their current views in the order asked.</summary>
    [Alias("Subscribe")]
    Task<PresenceView[]> SubscribeAsync(string watcher, string[] targets, IPresenceObserver observer);

    /// <summary>Ends the subscriptions to <paramref name="targets"/>.</summary>
    [Alias("Unsubscribe")]
    Task UnsubscribeAsync(string watcher, string[] targets, IPresenceObserver observer);
}
