namespace PresenceCluster.Presence;

/// <summary>One watched user's new view, as <see cref="Watcher"/> may see it: an item of a notification batch.</summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.PresenceChange")]
public sealed record class PresenceChange(
    [property: Id(0)] string Watcher,
    [property: Id(1)] PresenceView View);
