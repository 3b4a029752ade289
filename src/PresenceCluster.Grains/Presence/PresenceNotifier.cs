using Microsoft.Extensions.Logging;
using PresenceCluster.Diagnostics;
using PresenceCluster.Grains;

namespace PresenceCluster.Presence;

/// <summary>Hands changed views to watchers' observers, one-way, counting what was sent and what could not be.</summary>
internal static partial class PresenceNotifier
{
    /// <summary>Sends each view to its subscriber; a send that fails is counted and logged, never thrown.</summary>
    public static void Send(IEnumerable<(SubscriberRegistry.Subscriber Subscriber, PresenceView View)> changes, PresenceMetrics metrics, ILogger logger)
    {
        foreach (var (subscriber, view) in changes)
        {
            try
            {
                // One-way: the send completes once the message is handed to the connection; only that can fail here.
                _ = subscriber.Observer.OnPresenceChangedAsync(subscriber.Watcher, view);
                metrics.NotificationSent();
            }
            catch (Exception exception) when (exception is OrleansException or InvalidOperationException)
            {
                metrics.NotificationDropped();
                LogNotificationDropped(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A presence notification could not be handed to a watcher's connection; the watcher's next renewal or query brings the latest view")]
    private static partial void LogNotificationDropped(ILogger logger, Exception exception);
}
