using PresenceCluster.Grains;
using PresenceCluster.Privacy;

namespace PresenceCluster.Presence;

/// <summary>
/// What a presence grain holds only in memory — signed-in endpoints and subscriptions — as it is carried from one
/// silo to another when the grain migrates (a silo stopping gracefully hands its users over instead of dropping them).
/// </summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.PresenceSoftState")]
public sealed record class PresenceSoftState(
    [property: Id(0)] IReadOnlyList<EndpointRecord> Endpoints,
    [property: Id(1)] IReadOnlyList<PresenceSoftState.Subscription> Subscriptions)
{
    /// <summary>The key the state travels under in the migration context.</summary>
    public const string MigrationKey = "presence.soft-state";

    /// <summary>One subscription: who watches, through which observer, as which audience, until when, and what they last got.</summary>
    [GenerateSerializer, Immutable, Alias("PresenceCluster.PresenceSoftState.Subscription")]
    public sealed record class Subscription(
        [property: Id(0)] string Watcher,
        [property: Id(1)] IPresenceObserver Observer,
        [property: Id(2)] ViewAudience Audience,
        [property: Id(3)] DateTimeOffset ExpiresAt,
        [property: Id(4)] PresenceView? LastSent);
}
