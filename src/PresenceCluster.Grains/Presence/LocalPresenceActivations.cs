using System.Collections.Concurrent;

namespace PresenceCluster.Presence;

/// <summary>The presence grains active on this silo, by key: what a graceful stop hands over to the other silos.</summary>
public sealed class LocalPresenceActivations
{
    private readonly ConcurrentDictionary<string, byte> _keys = new(StringComparer.Ordinal);

    /// <summary>How many are active here.</summary>
    public int Count => _keys.Count;

    /// <summary>Their keys, now.</summary>
    public string[] Keys => [.. _keys.Keys];

    /// <summary>Whether the presence grain of <paramref name="key"/> is active (or activating) on this silo.</summary>
    public bool IsActive(string key) => _keys.ContainsKey(key);

    public void Activated(string key) => _keys[key] = 0;

    public void Deactivated(string key) => _keys.TryRemove(key, out _);
}
