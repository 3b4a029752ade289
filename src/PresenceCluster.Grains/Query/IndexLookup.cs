using PresenceCluster.Presence;

namespace PresenceCluster.Query;

/// <summary>
/// Finds users' entries in this silo's index; the ones it does not hold are fetched and kept when this silo owns them.
/// A user whose presence grain is not live is read from storage (<see cref="OfflinePresenceReader"/>): nothing is
/// activated. That takes knowing that no grain is live, which only the owner does — a live grain is placed on its
/// owner (<see cref="IndexOwnerPlacement"/>) or has announced itself there — and only outside a membership change's
/// transition, while grains still move to their new owners. Every other miss asks the grain, as before.
/// </summary>
internal static class IndexLookup
{
    /// <summary>The entries of <paramref name="targets"/>, in order.</summary>
    public static async Task<PresenceIndexEntry[]> FindAsync(
        PresenceReadIndex index, IndexOwnership ownership, OfflinePresenceReader offline, LocalPresenceActivations activations, IGrainFactory grains, IReadOnlyList<string> targets, TimeProvider time)
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
            await FetchAsync(index, ownership, offline, activations, grains, targets, entries, misses, time);
        }

        return entries;
    }

    /// <summary>
    /// Fills <paramref name="entries"/> at <paramref name="positions"/>: from storage for users this silo owns whose
    /// grain is not live, from the grains for the others; with an <paramref name="index"/>, kept where this silo owns them.
    /// </summary>
    public static async Task FetchAsync(
        PresenceReadIndex? index, IndexOwnership ownership, OfflinePresenceReader offline, LocalPresenceActivations activations,
        IGrainFactory grains, IReadOnlyList<string> targets, PresenceIndexEntry[] entries, IReadOnlyList<int> positions, TimeProvider time)
    {
        var knowsWhoIsLive = index is not null && !ownership.InTransition;
        var fetched = await Task.WhenAll(positions.Select(async i =>
        {
            var target = targets[i];
            var key = Identity.UserGrainKey.Encode(target);

            // Kept only where the grain will push the next change; elsewhere a kept copy would go stale.
            var kept = index is not null && ownership.IsLocal(target);
            if (kept && knowsWhoIsLive && !index!.IsLive(target) && !activations.IsActive(key))
            {
                return (Entry: await offline.ReadAsync(target), Live: false, Kept: true);
            }

            return (Entry: await grains.GetGrain<IPresenceMaintenanceGrain>(key).GetIndexEntryAsync(), Live: true, Kept: kept);
        }));
        var now = time.GetUtcNow();
        for (var k = 0; k < positions.Count; k++)
        {
            var (entry, live, kept) = fetched[k];
            if (kept && live)
            {
                index!.ApplyLive(entry, now);
            }
            else if (kept)
            {
                index!.Apply(entry, now);
            }

            entries[positions[k]] = entry;
        }
    }
}
