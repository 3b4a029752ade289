using System.Collections.Concurrent;

namespace PresenceCluster.Query;

/// <summary>
/// A silo's in-memory share of the users' precomputed views — the users its <see cref="IndexPartition"/> share gives it
/// — fed by their presence grains through the silo's index replica grain and read without locks by batch queries.
/// Lapsed entries and entries of users it no longer owns are swept out (<see cref="Sweep"/>), and it never holds much
/// more than its capacity: beyond it, the entries that lapse first are evicted (an evicted user costs one fetch from
/// their grain at the next query, or comes back with their next change). Beside the entries it knows which of its
/// users' presence grains are live (<see cref="IsLive"/>): an entry published by a live grain marks it, the grain's
/// last entry when it deactivates clears it — so that a user it holds no entry for can be answered from storage
/// without activating anything when no grain is live. One per silo.
/// </summary>
/// <param name="capacity">The most entries kept (<see cref="Presence.PresenceOptions.ReadIndexCapacity"/>).</param>
public sealed class PresenceReadIndex(int capacity = int.MaxValue)
{
    private readonly ConcurrentDictionary<string, PresenceIndexEntry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _live = new(StringComparer.Ordinal);
    private readonly Lock _trimming = new();

    // Adds minus removals, kept beside the dictionary because its own Count takes every lock; a lost add race may
    // leave it a little high, which only brings a trim forward.
    private int _approximateCount;

    /// <summary>How many users the index holds.</summary>
    public int Count => _entries.Count;

    /// <summary>How many of its users' presence grains it knows to be live.</summary>
    public int LiveCount => _live.Count;

    /// <summary>Whether a live presence grain published <paramref name="user"/>'s entry here and has not retired it since.</summary>
    public bool IsLive(string user) => _live.ContainsKey(user);

    /// <summary>Stores an entry published (or answered) by a live presence grain, and marks the grain live.</summary>
    public void ApplyLive(PresenceIndexEntry entry, DateTimeOffset now)
    {
        _live[entry.Target] = 0;
        Apply(entry, now);
    }

    /// <summary>Stores a deactivating grain's last entry, and marks the grain no longer live.</summary>
    public void Retire(PresenceIndexEntry entry, DateTimeOffset now)
    {
        _live.TryRemove(entry.Target, out _);
        Apply(entry, now);
    }

    /// <summary>
    /// Stores <paramref name="entry"/> unless the index holds a newer sequence for the user. For the same sequence
    /// the earlier <see cref="PresenceIndexEntry.ValidUntil"/> wins while it still holds at <paramref name="now"/>:
    /// copies of one sequence can arrive out of order (a pulled copy may land after a pushed one), and lapsing too
    /// early only costs a fetch, while lapsing too late would serve a stale view.
    /// </summary>
    public void Apply(PresenceIndexEntry entry, DateTimeOffset now)
    {
        entry.EncodeViews();
        _entries.AddOrUpdate(
            entry.Target,
            static (_, added) =>
            {
                Interlocked.Increment(ref added.Index._approximateCount);
                return added.Entry;
            },
            static (_, existing, added) => Newer(existing, added.Entry, added.Now),
            (Entry: entry, Now: now, Index: this));
        if (Volatile.Read(ref _approximateCount) > capacity)
        {
            Trim(now);
        }
    }

    /// <summary>Back to 90 % of the capacity: lapsed entries first, then those that lapse soonest. One trim at a time.</summary>
    private void Trim(DateTimeOffset now)
    {
        if (!_trimming.TryEnter())
        {
            return;
        }

        try
        {
            Sweep(now, static _ => true);
            var excess = _entries.Count - (int)(capacity * 0.9);
            if (excess <= 0)
            {
                return;
            }

            foreach (var (target, entry) in _entries.ToArray().OrderBy(pair => pair.Value.ValidUntil).Take(excess))
            {
                if (_entries.TryRemove(KeyValuePair.Create(target, entry)))
                {
                    Interlocked.Decrement(ref _approximateCount);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _approximateCount, _entries.Count);
            _trimming.Exit();
        }
    }

    private static PresenceIndexEntry Newer(PresenceIndexEntry existing, PresenceIndexEntry added, DateTimeOffset now)
    {
        if (added.Sequence != existing.Sequence)
        {
            return added.Sequence > existing.Sequence ? added : existing;
        }

        return existing.ValidUntil <= now || added.ValidUntil < existing.ValidUntil ? added : existing;
    }

    /// <summary>
    /// Removes every entry that lapsed by <paramref name="now"/> or whose user <paramref name="keep"/> says this silo no
    /// longer holds; returns how many went.
    /// </summary>
    public int Sweep(DateTimeOffset now, Func<string, bool> keep)
    {
        var removed = 0;
        foreach (var target in _live.Keys)
        {
            // A user another silo owns now: its grain announces itself there (or moves there).
            if (!keep(target))
            {
                _live.TryRemove(target, out _);
            }
        }

        foreach (var (target, entry) in _entries)
        {
            // Removed only if unchanged since read: an entry replaced meanwhile is newer and judged at the next sweep.
            if ((entry.ValidUntil <= now || !keep(target)) && _entries.TryRemove(KeyValuePair.Create(target, entry)))
            {
                Interlocked.Decrement(ref _approximateCount);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>The entry for <paramref name="target"/> if there is one that still holds at <paramref name="now"/>.</summary>
    public PresenceIndexEntry? Find(string target, DateTimeOffset now) =>
        _entries.TryGetValue(target, out var entry) && entry.ValidUntil > now ? entry : null;
}
