namespace PresenceCluster.Presence;

/// <summary>Hands a presence grain's changed views to the silo's <see cref="NotificationBatcher"/>, one per watcher whose view changed.</summary>
internal static class PresenceNotifier
{
    /// <summary>Queues each view for its subscriber's observer.</summary>
    public static void Send(IEnumerable<(SubscriberRegistry.Subscriber Subscriber, PresenceView View)> changes, NotificationBatcher batcher)
    {
        foreach (var (subscriber, view) in changes)
        {
            batcher.Enqueue(subscriber.Observer, subscriber.Watcher, view);
        }
    }
}
