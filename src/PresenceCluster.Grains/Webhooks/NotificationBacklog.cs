using PresenceCluster.Presence;

namespace PresenceCluster.Webhooks;

/// <summary>
/// What a subscription's receiver has not had yet: per watched user, the newest sequence number not yet accepted.
/// State, not a log: several changes of one user while a post is pending or failing are one notification. A view
/// whose content equals the last one seen is no news — a renewal answers with the user's latest sequence number even
/// when only another audience's view changed, and a user who blocked the subscriber never changes for them.
/// </summary>
public sealed class NotificationBacklog
{
    private readonly Dictionary<string, long> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PresenceView> _lastSeen = new(StringComparer.Ordinal);

    /// <summary>Watched users with a change not accepted yet.</summary>
    public int Count => _pending.Count;

    /// <summary>Remembers <paramref name="views"/> as seen without making them news (a subscription's starting point).</summary>
    public void Baseline(IEnumerable<PresenceView> views)
    {
        foreach (var view in views)
        {
            _lastSeen[view.Target] = view;
        }
    }

    /// <summary>
    /// Takes <paramref name="view"/> in; true when it is news for the receiver, who has accepted up to
    /// <paramref name="delivered"/> per user.
    /// </summary>
    public bool Offer(PresenceView view, IReadOnlyDictionary<string, long> delivered)
    {
        if (_lastSeen.TryGetValue(view.Target, out var seen) && (view.Sequence <= seen.Sequence || seen.HasSameContentAs(view)))
        {
            return false;
        }

        _lastSeen[view.Target] = view;
        if (view.Sequence <= delivered.GetValueOrDefault(view.Target, -1) || (_pending.TryGetValue(view.Target, out var pending) && view.Sequence <= pending))
        {
            return false;
        }

        _pending[view.Target] = view.Sequence;
        return true;
    }

    /// <summary>The changes to post now, by user.</summary>
    public KeyValuePair<string, long>[] Snapshot() => [.. _pending];

    /// <summary>
    /// Settles a posted <paramref name="batch"/> (accepted, or given up on): those users leave the backlog unless a newer
    /// change arrived meanwhile. Returns the receiver's new per-user progress, to be stored.
    /// </summary>
    public Dictionary<string, long> Settle(KeyValuePair<string, long>[] batch, IReadOnlyDictionary<string, long> delivered)
    {
        var next = new Dictionary<string, long>(delivered, StringComparer.Ordinal);
        foreach (var (target, sequence) in batch)
        {
            next[target] = sequence;
            if (_pending.TryGetValue(target, out var newest) && newest <= sequence)
            {
                _pending.Remove(target);
            }
        }

        return next;
    }

    /// <summary>Forgets everything (the subscription ended).</summary>
    public void Clear()
    {
        _pending.Clear();
        _lastSeen.Clear();
    }
}
