namespace PresenceCluster.Query;

/// <summary>
/// Which silo's read index holds a user's entry: rendezvous (highest-random-weight) hashing of the user over the
/// active silos. Each silo owns about 1/N of the users, every silo computes the same owner from the same member list,
/// and a silo joining or leaving moves only the users it takes or gives up — nobody else's entries move.
/// </summary>
public sealed class IndexPartition
{
    private readonly string[] _silos;
    private readonly ulong[] _seeds;

    /// <summary>The partition over <paramref name="silos"/> (silo addresses in their parsable form; order does not matter).</summary>
    public IndexPartition(IEnumerable<string> silos)
    {
        _silos = [.. silos.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        _seeds = [.. _silos.Select(Hash)];
    }

    /// <summary>The silos it spans, in ordinal order.</summary>
    public IReadOnlyList<string> Silos => _silos;

    /// <summary>The silo that holds <paramref name="user"/>'s entry; null when there are no silos.</summary>
    public string? OwnerOf(string user)
    {
        if (_silos.Length <= 1)
        {
            // One silo (or none) owns everything: nothing to hash on the single-silo hot path.
            return _silos.Length == 0 ? null : _silos[0];
        }

        var key = Hash(user);
        var (best, bestWeight) = (0, Mix(key ^ _seeds[0]));
        for (var i = 1; i < _silos.Length; i++)
        {
            var weight = Mix(key ^ _seeds[i]);
            if (weight > bestWeight)
            {
                (best, bestWeight) = (i, weight);
            }
        }

        return _silos[best];
    }

    /// <summary>64-bit FNV-1a over the string's UTF-16 code units: stable across processes and runs, unlike <see cref="string.GetHashCode()"/>.</summary>
    internal static ulong Hash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>SplitMix64's finaliser: spreads FNV's weak low bits over the whole word, so that weights are uniform.</summary>
    private static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9UL;
        value = (value ^ (value >> 27)) * 0x94d049bb133111ebUL;
        return value ^ (value >> 31);
    }
}
