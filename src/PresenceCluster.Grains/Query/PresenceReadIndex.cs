using System.Collections.Concurrent;

namespace PresenceCluster.Query;

/// <summary>
/// A silo's in-memory copy of every active user's precomputed views, fed by the presence grains through the silo's
/// index replica grain and read without locks by batch queries on that silo. One per silo.
/// </summary>
public sealed class PresenceReadIndex
{
    private readonly ConcurrentDictionary<string, PresenceIndexEntry> _entries = new(StringComparer.Ordinal);

    /// <summary>How many users the index holds.</summary>
    public int Count => _entries.Count;

    /// <summary>Stores <paramref name="entry"/> unless a newer one for the same user is already there.</summary>
    public void Apply(PresenceIndexEntry entry) =>
        _entries.AddOrUpdate(
            entry.Target,
            static (_, added) => added,
            static (_, existing, added) => added.Sequence >= existing.Sequence ? added : existing,
            entry);

    /// <summary>The entry for <paramref name="target"/> if there is one that still holds at <paramref name="now"/>.</summary>
    public PresenceIndexEntry? Find(string target, DateTimeOffset now) =>
        _entries.TryGetValue(target, out var entry) && entry.ValidUntil > now ? entry : null;
}
