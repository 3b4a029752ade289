using PresenceCluster.Presence;

namespace PresenceCluster.Grains;

/// <summary>
/// Receives presence changes for subscriptions; implemented by the client SDK, the HTTP events stream and webhook
/// subscriptions. A silo sends one batch at a time to an observer: the changes of many watched users, each the latest
/// view since the previous batch (an intermediate state may be skipped under load, the latest never is).
/// </summary>
[Alias("PresenceCluster.IPresenceObserver")]
public interface IPresenceObserver : IGrainObserver
{
    /// <summary>Watched users' presence changed as each change's watcher may see it; answered once taken in.</summary>
    [Alias("OnPresenceChanges")]
    Task OnPresenceChangesAsync(PresenceChange[] changes);
}
