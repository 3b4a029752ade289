namespace PresenceCluster.Query;

/// <summary>
/// This silo's view of the <see cref="IndexPartition"/>: the active members of the latest membership snapshot. Right
/// after a change the partition before it is kept for <see cref="Transition"/>, so that a presence grain also feeds
/// the previous owner while silos still routing by the old view ask it.
/// </summary>
public sealed class IndexOwnership(IClusterMembershipService membership, ILocalSiloDetails localSilo, TimeProvider wallClock)
{
    /// <summary>How long the previous partition is still fed after the membership changed.</summary>
    public static readonly TimeSpan Transition = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private MembershipVersion _version = MembershipVersion.MinValue;
    private IndexPartition _current = new([]);
    private IndexPartition? _previous;
    private DateTimeOffset _previousUntil;

    /// <summary>This silo, in the partition's terms.</summary>
    public string LocalSilo { get; } = localSilo.SiloAddress.ToParsableString();

    /// <summary>The partition of the current membership.</summary>
    public IndexPartition Current
    {
        get
        {
            Refresh();
            return _current;
        }
    }

    /// <summary>The silo that holds <paramref name="user"/>'s entry in <paramref name="partition"/>: its owner, or this silo while membership names no active silo.</summary>
    public string OwnerOf(IndexPartition partition, string user) => partition.OwnerOf(user) ?? LocalSilo;

    /// <summary>
    /// Whether membership changed less than <see cref="Transition"/> ago: grains are still moving to their new owners
    /// and announcing themselves there, so an owner's knowledge of which grains are live is not complete yet.
    /// </summary>
    public bool InTransition
    {
        get
        {
            Refresh();
            lock (_gate)
            {
                return _previous is not null && wallClock.GetUtcNow() < _previousUntil;
            }
        }
    }

    /// <summary>Whether this silo holds <paramref name="user"/>'s entry.</summary>
    public bool IsLocal(string user) => OwnerOf(Current, user) == LocalSilo;

    /// <summary>
    /// The silos that must hold <paramref name="user"/>'s entry: its owner, and during a transition its previous owner;
    /// one silo's own view when membership knows no active silo yet.
    /// </summary>
    public IReadOnlyList<string> HoldersOf(string user)
    {
        var owner = OwnerOf(Current, user);
        IndexPartition? previous;
        lock (_gate)
        {
            previous = _previous is not null && wallClock.GetUtcNow() < _previousUntil ? _previous : null;
        }

        return previous?.OwnerOf(user) is { } before && before != owner ? [owner, before] : [owner];
    }

    private void Refresh()
    {
        var snapshot = membership.CurrentSnapshot;
        if (snapshot.Version == _version)
        {
            return;
        }

        var active = snapshot.Members.Values.Where(member => member.Status == SiloStatus.Active).Select(member => member.SiloAddress.ToParsableString()).ToList();
        lock (_gate)
        {
            if (snapshot.Version <= _version)
            {
                return;
            }

            if (_current.Silos.Count > 0 && !_current.Silos.SequenceEqual(active.Order(StringComparer.Ordinal)))
            {
                (_previous, _previousUntil) = (_current, wallClock.GetUtcNow() + Transition);
            }

            _current = new IndexPartition(active);
            _version = snapshot.Version;
        }
    }
}
