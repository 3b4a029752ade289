using PresenceCluster.Presence;
using PresenceCluster.Privacy;

namespace PresenceCluster.Query;

/// <summary>
/// What a silo's read index holds for one user: the view of every audience at one sequence number, the privacy
/// policy to pick among them, and until when the views hold without news from the presence grain.
/// </summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.PresenceIndexEntry")]
public sealed class PresenceIndexEntry
{
    /// <summary>Creates an entry.</summary>
    public PresenceIndexEntry(string target, long sequence, PresenceView[] views, PrivacyPolicy policy, DateTimeOffset validUntil)
    {
        Target = target;
        Sequence = sequence;
        Views = views;
        Policy = policy;
        ValidUntil = validUntil;
    }

    /// <summary>The user (normalised SIP URI).</summary>
    [Id(0)] public string Target { get; }

    /// <summary>The sequence number of the views.</summary>
    [Id(1)] public long Sequence { get; }

    /// <summary>One view per <see cref="ViewAudience"/>, indexed by its value.</summary>
    [Id(2)] public PresenceView[] Views { get; }

    /// <summary>The user's privacy policy.</summary>
    [Id(3)] public PrivacyPolicy Policy { get; }

    /// <summary>
    /// The views hold until this instant: the next idle-decay or expiry step, or the index's maximum age.
    /// After it the entry is not served; the query asks the presence grain instead.
    /// </summary>
    [Id(4)] public DateTimeOffset ValidUntil { get; }

    // Each audience's view encoded on first use: entries are replaced on every change, so the bytes never go stale,
    // and only the audiences that are asked for cost memory. Not serialized; rebuilt on each silo.
    [NonSerialized]
    private byte[]?[]? _encoded;

    /// <summary>The view <paramref name="watcher"/> may see, in <see cref="PresenceViewEncoding"/>.</summary>
    public byte[] EncodedViewFor(string watcher)
    {
        var audience = (int)AudienceResolver.Resolve(Target, watcher, Policy);
        var encoded = _encoded ?? Interlocked.CompareExchange(ref _encoded, new byte[]?[Views.Length], null) ?? _encoded;

        // Two threads may encode the same view at once; both results are the same bytes.
        return encoded[audience] ??= PresenceViewEncoding.Encode(Views[audience]);
    }

    /// <summary>The view <paramref name="watcher"/> may see.</summary>
    public PresenceView ViewFor(string watcher) => Views[(int)AudienceResolver.Resolve(Target, watcher, Policy)];

    /// <summary>The view an application granted <paramref name="level"/> may see.</summary>
    public PresenceView ViewForApplication(AccessLevel level) => Views[(int)AudienceResolver.ResolveForApplication(Policy, level)];
}
