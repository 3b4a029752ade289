namespace PresenceCluster.Presence;

/// <summary>
/// A time-bounded state taken from the user's calendar by a trusted server-side source (Exchange sync).
/// It counts only between <see cref="Start"/> and <see cref="End"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.CalendarState")]
public sealed record class CalendarState
{
    /// <summary>In a meeting or out of office.</summary>
    [Id(0)] public CalendarStateKind Kind { get; init; }

    /// <summary>When the state begins.</summary>
    [Id(1)] public DateTimeOffset Start { get; init; }

    /// <summary>When the state ends; after <see cref="Start"/>.</summary>
    [Id(2)] public DateTimeOffset End { get; init; }

    /// <summary>The meeting's subject (at most 256 characters); seen by Workgroup only.</summary>
    [Id(3)] public string? Subject { get; init; }

    /// <summary>The meeting's location (at most 256 characters); seen by Workgroup only.</summary>
    [Id(4)] public string? Location { get; init; }
}
