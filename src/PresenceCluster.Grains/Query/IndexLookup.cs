using PresenceCluster.Presence;

namespace PresenceCluster.Query;

/// <summary>
/// Finds users' entries in this silo's index; the ones it does not hold are fetched from their presence grains, and
/// kept when this silo owns them (so that their grains keep them current from then on).
/// </summary>
internal static class IndexLookup
{
    /// <summary>The entries of <paramref name="targets"/>, in order.</summary>
    public static async Task<PresenceIndexEntry[]> FindAsync(PresenceReadIndex index, IndexOwnership ownership, IGrainFactory grains, IReadOnlyList<string> targets, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var entries = new PresenceIndexEntry[targets.Count];
        List<int>? misses = null;
        for (var i = 0; i < targets.Count; i++)
        {
            if (index.Find(targets[i], now) is { } entry)
            {
                entries[i] = entry;
            }
            else
            {
                (misses ??= []).Add(i);
            }
        }

        if (misses is not null)
        {
            await FetchAsync(index, ownership, grains, targets, entries, misses, time);
        }

        return entries;
    }

    /// <summary>Fills <paramref name="entries"/> at <paramref name="positions"/> from the presence grains.</summary>
    public static async Task FetchAsync(
        PresenceReadIndex? index, IndexOwnership ownership, IGrainFactory grains, IReadOnlyList<string> targets, PresenceIndexEntry[] entries, IReadOnlyList<int> positions, TimeProvider time)
    {
        var fetched = await Task.WhenAll(positions.Select(i => grains.GetGrain<IPresenceMaintenanceGrain>(Identity.UserGrainKey.Encode(targets[i])).GetIndexEntryAsync()));
        var now = time.GetUtcNow();
        for (var k = 0; k < positions.Count; k++)
        {
            // Kept only where the grain will push the next change; elsewhere a kept copy would go stale.
            if (index is not null && ownership.IsLocal(targets[positions[k]]))
            {
                index.Apply(fetched[k], now);
            }

            entries[positions[k]] = fetched[k];
        }
    }
}
