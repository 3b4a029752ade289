namespace PresenceCluster.Presence;

/// <summary>
/// A user's presence as one watcher is allowed to see it. A category the watcher may not see is null.
/// </summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.PresenceView")]
public sealed record class PresenceView
{
    /// <summary>The user this view describes (normalised SIP URI).</summary>
    [Id(0)] public required string Target { get; init; }

    /// <summary>Grows with every visible change of the user's presence; compare views of one user by it.</summary>
    [Id(1)] public long Sequence { get; init; }

    /// <summary>The Lync aggregate availability number (see <see cref="LyncAvailability"/>).</summary>
    [Id(2)] public int Availability { get; init; }

    /// <summary>The Lync activity token (see <see cref="ActivityToken"/>), if any and if visible.</summary>
    [Id(3)] public string? Activity { get; init; }

    /// <summary>The Graph name of <see cref="Availability"/>.</summary>
    [Id(4)] public GraphAvailability GraphAvailability { get; init; }

    /// <summary>The Graph name of the activity.</summary>
    [Id(5)] public GraphActivity GraphActivity { get; init; }

    /// <summary>The device class of the most active endpoint (Colleagues and up).</summary>
    [Id(6)] public DeviceClass? DeviceClass { get; init; }

    /// <summary>When the user last gave input on any endpoint (Colleagues and up).</summary>
    [Id(7)] public DateTimeOffset? LastActive { get; init; }

    /// <summary>The personal note (Colleagues and up).</summary>
    [Id(8)] public string? Note { get; init; }

    /// <summary>Earlier personal notes, newest first (Colleagues and up).</summary>
    [Id(9)] public IReadOnlyList<string>? NoteHistory { get; init; }

    /// <summary>The out-of-office note while it applies (Colleagues and up).</summary>
    [Id(10)] public OofNote? OofNote { get; init; }

    /// <summary>The location (Colleagues and up).</summary>
    [Id(11)] public string? Location { get; init; }

    /// <summary>The contact card, with the fields the watcher may see.</summary>
    [Id(12)] public ContactCard? Card { get; init; }

    /// <summary>Free/busy and working hours (Colleagues and up).</summary>
    [Id(13)] public CalendarData? Calendar { get; init; }

    /// <summary>The current meeting's details (Workgroup only).</summary>
    [Id(14)] public MeetingDetails? Meeting { get; init; }

    /// <summary>The manual state the user set, while it applies (the user's own view only).</summary>
    [Id(15)] public ManualState? ManualState { get; init; }

    /// <summary>True when every field but <see cref="Sequence"/> is the same in both views.</summary>
    public bool HasSameContentAs(PresenceView other) =>
        this == other with { Sequence = Sequence, NoteHistory = NoteHistory }
        && (ReferenceEquals(NoteHistory, other.NoteHistory)
            || (NoteHistory is not null && other.NoteHistory is not null && NoteHistory.SequenceEqual(other.NoteHistory)));
}
