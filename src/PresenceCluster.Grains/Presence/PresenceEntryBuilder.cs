using PresenceCluster.Privacy;
using PresenceCluster.Query;

namespace PresenceCluster.Presence;

/// <summary>
/// A user's next read-index entry, pure: the aggregate at an instant, one view per audience, a new sequence number
/// only when some audience's view changed (or when asked), and the entry's validity ended by the aggregate's next step.
/// </summary>
public static class PresenceEntryBuilder
{
    /// <summary>An entry and whether it differs from the previous one, with the instant of the next step.</summary>
    public readonly record struct Computed(PresenceIndexEntry Entry, bool Changed, DateTimeOffset? NextChangeAt);

    /// <summary>
    /// The sequence number a new activation starts from. Numbers must keep growing across activations, but writing on
    /// every activation would cost a database round trip; so an activation starts at the wall clock in microseconds,
    /// above any earlier activation's numbers as long as fewer than a million visible changes happen per second and
    /// the silos' clocks agree better than the time between two activations. The caller passes the runtime's clock,
    /// not the presence clock: a test's fake presence clock may stand still while activations come and go.
    /// </summary>
    public static long FirstSequence(PresenceRecord record, DateTimeOffset wallClockNow) =>
        Math.Max(record.LastSequence, wallClockNow.ToUnixTimeMilliseconds() * 1000);

    /// <summary>
    /// The entry of <paramref name="user"/> with <paramref name="record"/> and <paramref name="endpoints"/> at
    /// <paramref name="now"/>, after <paramref name="previous"/> (null for the first) numbered <paramref name="lastSequence"/>.
    /// </summary>
    public static Computed Build(
        string user, PrivacyPolicy policy, PresenceRecord record, IReadOnlyCollection<EndpointRecord> endpoints,
        DateTimeOffset now, PresenceTimings timings, TimeSpan maxAge, PresenceIndexEntry? previous, long lastSequence, bool forceNewSequence)
    {
        var presence = PresenceAggregator.Aggregate(record, endpoints, now, timings);
        var sequence = lastSequence + 1;
        var views = new PresenceView[PrivacyFilter.Audiences.Count];
        var changed = forceNewSequence || previous is null;
        foreach (var audience in PrivacyFilter.Audiences)
        {
            var view = PrivacyFilter.Build(user, sequence, presence, record, audience);
            views[(int)audience] = view;
            changed = changed || !view.HasSameContentAs(previous!.Views[(int)audience]);
        }

        var validUntil = now + maxAge;
        if (presence.NextChangeAt < validUntil)
        {
            validUntil = presence.NextChangeAt.Value;
        }

        var entry = changed
            ? new PresenceIndexEntry(user, sequence, views, policy, validUntil)
            : new PresenceIndexEntry(user, lastSequence, previous!.Views, policy, validUntil);
        return new Computed(entry, changed, presence.NextChangeAt);
    }
}
