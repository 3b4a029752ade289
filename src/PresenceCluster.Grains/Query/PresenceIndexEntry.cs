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

    // Each audience's view in PresenceViewEncoding, made when the entry reaches a silo's index (see EncodeViews).
    // Not serialized; every silo encodes its own copy.
    [NonSerialized]
    private byte[][]? _encoded;

    /// <summary>
    /// Encodes every audience's view, sharing the bytes of audiences whose views are the same (most users look alike
    /// to Colleagues, Workgroup and Friends and Family). Done once, as the entry enters an index: bytes made later,
    /// on first query, would be young objects referenced from an old entry, which makes every ephemeral garbage
    /// collection scan the old generation for them (measured: 100–300 ms pauses under the capacity load).
    /// </summary>
    public void EncodeViews()
    {
        if (_encoded is not null)
        {
            return;
        }

        var encoded = new byte[Views.Length][];
        for (var i = 0; i < Views.Length; i++)
        {
            for (var j = 0; j < i && encoded[i] is null; j++)
            {
                if (Views[j].Sequence == Views[i].Sequence && Views[j].HasSameContentAs(Views[i]))
                {
                    encoded[i] = encoded[j];
                }
            }

            encoded[i] ??= PresenceViewEncoding.Encode(Views[i]);
        }

        _encoded = encoded;
    }

    /// <summary>The view <paramref name="watcher"/> may see, in <see cref="PresenceViewEncoding"/>.</summary>
    public byte[] EncodedViewFor(string watcher)
    {
        if (_encoded is null)
        {
            EncodeViews();
        }

        return _encoded![(int)AudienceResolver.Resolve(Target, watcher, Policy)];
    }

    /// <summary>The view <paramref name="watcher"/> may see.</summary>
    public PresenceView ViewFor(string watcher) => Views[(int)AudienceResolver.Resolve(Target, watcher, Policy)];

    /// <summary>The view an application granted <paramref name="level"/> may see.</summary>
    public PresenceView ViewForApplication(AccessLevel level) => Views[(int)AudienceResolver.ResolveForApplication(Policy, level)];
}
