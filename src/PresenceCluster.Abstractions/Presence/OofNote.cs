namespace PresenceCluster.Presence;

/// <summary>The out-of-office note (from the mailbox's automatic replies), shown between its start and end.</summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.OofNote")]
public sealed record class OofNote
{
    /// <summary>The text, 1–2048 characters.</summary>
    [Id(0)] public required string Text { get; init; }

    /// <summary>When it starts to show; null for now.</summary>
    [Id(1)] public DateTimeOffset? Start { get; init; }

    /// <summary>When it stops showing; null for never.</summary>
    [Id(2)] public DateTimeOffset? End { get; init; }
}
