using Orleans.Concurrency;
using PresenceCluster.Presence;

namespace PresenceCluster.Grains;

/// <summary>Receives presence changes for subscriptions; implemented by the client SDK.</summary>
[Alias("PresenceCluster.IPresenceObserver")]
public interface IPresenceObserver : IGrainObserver
{
    /// <summary>A watched user's presence changed as <paramref name="watcher"/> may see it.</summary>
    [OneWay, Alias("OnPresenceChanged")]
    Task OnPresenceChangedAsync(string watcher, PresenceView view);
}
