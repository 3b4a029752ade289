namespace PresenceCluster.Exchange.Mailboxes;

/// <summary>A mailbox request that failed, with what the connector should do about it.</summary>
public sealed class MailboxBackendException(MailboxFailure failure, string message, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>What kind of failure.</summary>
    public MailboxFailure Failure { get; } = failure;

    /// <summary>How long Exchange asked to be left alone (<c>Retry-After</c>, <c>ErrorServerBusy</c>'s back-off), if it said.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>Why a mailbox request failed.</summary>
public enum MailboxFailure
{
    /// <summary>Exchange asked us to slow down (429, <c>ErrorServerBusy</c>).</summary>
    Throttled,

    /// <summary>Exchange did not answer, or answered 5xx: try again later.</summary>
    Unavailable,

    /// <summary>Exchange refused our token or permissions: retrying will not help until configuration changes.</summary>
    Unauthorized,

    /// <summary>Exchange does not know the mailbox.</summary>
    UnknownMailbox,

    /// <summary>Exchange answered something we cannot read.</summary>
    BadAnswer,

    /// <summary>The item changed since its change key was read (Graph 412, EWS <c>ErrorIrresolvableConflict</c>): read it again.</summary>
    Conflict,

    /// <summary>The sync state is no longer valid (Graph 410 or <c>syncStateNotFound</c>, EWS <c>ErrorInvalidSyncStateData</c>): sync from the beginning.</summary>
    SyncStateExpired,

    /// <summary>The item is gone (Graph 404 <c>ErrorItemNotFound</c>, EWS <c>ErrorItemNotFound</c>).</summary>
    ItemNotFound,
}
