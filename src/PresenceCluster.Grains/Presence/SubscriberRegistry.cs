using PresenceCluster.Grains;
using PresenceCluster.Privacy;
using PresenceCluster.Query;

namespace PresenceCluster.Presence;

/// <summary>
/// The live subscriptions to one user's presence: who watches, through which observer, until when, and what they
/// were last sent (so that only changes they can see are pushed).
/// </summary>
/// <param name="countChanged">Told how many subscriptions were added (positive) or removed (negative), for metrics.</param>
public sealed class SubscriberRegistry(Action<int>? countChanged = null)
{
    private readonly Dictionary<(string Watcher, GrainId Observer), Subscriber> _subscribers = [];

    /// <summary>The number of live and lapsed-but-not-yet-pruned subscriptions.</summary>
    public int Count => _subscribers.Count;

    /// <summary>Every subscription.</summary>
    public IEnumerable<Subscriber> All => _subscribers.Values;

    /// <summary>Adds a subscription or renews it until <paramref name="expiresAt"/>.</summary>
    public Subscriber Upsert(string watcher, GrainId observerId, IPresenceObserver observer, ViewAudience audience, DateTimeOffset expiresAt)
    {
        if (!_subscribers.TryGetValue((watcher, observerId), out var subscriber))
        {
            subscriber = new Subscriber(watcher, observer);
            _subscribers.Add((watcher, observerId), subscriber);
            countChanged?.Invoke(1);
        }

        subscriber.Audience = audience;
        subscriber.ExpiresAt = expiresAt;
        return subscriber;
    }

    /// <summary>Removes a subscription; false when there was none.</summary>
    public bool Remove(string watcher, GrainId observerId)
    {
        var removed = _subscribers.Remove((watcher, observerId));
        if (removed)
        {
            countChanged?.Invoke(-1);
        }

        return removed;
    }

    /// <summary>Every subscription as it moves with the grain to another silo.</summary>
    public PresenceSoftState.Subscription[] Snapshot() =>
        [.. _subscribers.Values.Select(s => new PresenceSoftState.Subscription(s.Watcher, s.Observer, s.Audience, s.ExpiresAt, s.LastSent))];

    /// <summary>Takes back the subscriptions of <see cref="Snapshot"/> on the grain's new silo.</summary>
    public void Restore(IEnumerable<PresenceSoftState.Subscription> subscriptions)
    {
        foreach (var subscription in subscriptions)
        {
            Upsert(subscription.Watcher, subscription.Observer.GetGrainId(), subscription.Observer, subscription.Audience, subscription.ExpiresAt).LastSent = subscription.LastSent;
        }
    }

    /// <summary>Drops the subscriptions that lapsed before <paramref name="now"/>.</summary>
    public void RemoveExpired(DateTimeOffset now)
    {
        foreach (var (key, subscriber) in _subscribers)
        {
            if (subscriber.ExpiresAt <= now)
            {
                _subscribers.Remove(key);
                countChanged?.Invoke(-1);
            }
        }
    }

    /// <summary>
    /// The subscribers to tell about <paramref name="entry"/>, each with the view they are entitled to: live ones whose
    /// view changed since the last one sent (re-resolving their audience first when <paramref name="audiencesChanged"/>).
    /// Marks those views as sent.
    /// </summary>
    public List<(Subscriber Subscriber, PresenceView View)> ChangesFor(
        PresenceIndexEntry entry, bool audiencesChanged, DateTimeOffset now, Func<string, ViewAudience> audienceOf)
    {
        var changes = new List<(Subscriber, PresenceView)>();
        if (_subscribers.Count == 0)
        {
            return changes;
        }

        RemoveExpired(now);
        foreach (var subscriber in _subscribers.Values)
        {
            if (audiencesChanged)
            {
                subscriber.Audience = audienceOf(subscriber.Watcher);
            }

            var view = entry.Views[(int)subscriber.Audience];
            if (subscriber.LastSent is { } last && last.HasSameContentAs(view))
            {
                continue;
            }

            subscriber.LastSent = view;
            changes.Add((subscriber, view));
        }

        return changes;
    }

    /// <summary>The latest expiry of any subscription, if there is one.</summary>
    public DateTimeOffset? LatestExpiry => _subscribers.Count == 0 ? null : _subscribers.Values.Max(s => s.ExpiresAt);

    /// <summary>The distinct watchers with a live subscription at <paramref name="now"/>, sorted.</summary>
    public IReadOnlyList<string> Watchers(DateTimeOffset now) =>
        [.. _subscribers.Values.Where(s => s.ExpiresAt > now).Select(s => s.Watcher).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>One subscription.</summary>
    public sealed class Subscriber(string watcher, IPresenceObserver observer)
    {
        /// <summary>The watcher's normalised SIP URI.</summary>
        public string Watcher { get; } = watcher;

        /// <summary>Where changes go.</summary>
        public IPresenceObserver Observer { get; } = observer;

        /// <summary>The view the watcher is entitled to.</summary>
        public ViewAudience Audience { get; set; }

        /// <summary>When the subscription lapses unless renewed.</summary>
        public DateTimeOffset ExpiresAt { get; set; }

        /// <summary>The last view sent, to skip changes the watcher cannot see.</summary>
        public Presence.PresenceView? LastSent { get; set; }
    }
}
