namespace PresenceCluster.Exchange;

/// <summary>How one silo's mailbox connector is doing, for <c>presencectl exchange status</c>.</summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.ExchangeConnectorStatus")]
public sealed record class ExchangeConnectorStatus
{
    /// <summary>The silo (its address).</summary>
    [Id(0)] public required string Silo { get; init; }

    /// <summary>The backend: None, Graph or EWS.</summary>
    [Id(1)] public required string Backend { get; init; }

    /// <summary>When a request last succeeded.</summary>
    [Id(2)] public DateTimeOffset? LastSuccess { get; init; }

    /// <summary>The last failure's description.</summary>
    [Id(3)] public string? LastError { get; init; }

    /// <summary>Requests that succeeded since the silo started.</summary>
    [Id(4)] public long Successes { get; init; }

    /// <summary>Requests that failed since the silo started.</summary>
    [Id(5)] public long Failures { get; init; }

    /// <summary>Failures since the last success.</summary>
    [Id(6)] public int ConsecutiveFailures { get; init; }

    /// <summary>No request before this instant (Retry-After or back-off), if any.</summary>
    [Id(7)] public DateTimeOffset? BackingOffUntil { get; init; }

    /// <summary>Whether the circuit is open.</summary>
    [Id(8)] public bool CircuitOpen { get; init; }

    /// <summary>Mailboxes read in the last round.</summary>
    [Id(9)] public int MailboxesLastRound { get; init; }

    /// <summary>When the last round began.</summary>
    [Id(10)] public DateTimeOffset? LastRoundAt { get; init; }

    /// <summary>Mailboxes Exchange does not know, left alone for now.</summary>
    [Id(11)] public int UnknownMailboxes { get; init; }

    /// <summary>Requests held back because a request budget was spent (they wait for a later round).</summary>
    [Id(12)] public long OverBudget { get; init; }

    /// <summary>Mailboxes subscribed to calendar change notifications after the last round (Graph with Exchange:Graph:NotificationUrl).</summary>
    [Id(13)] public int CalendarSubscriptions { get; init; }

    /// <summary>Calendars read again because a change notification said they changed, since the silo started.</summary>
    [Id(14)] public long ChangedCalendarsRead { get; init; }
}
