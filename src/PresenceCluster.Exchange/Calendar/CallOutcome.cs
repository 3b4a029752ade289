namespace PresenceCluster.Exchange.Calendar;

/// <summary>What became of one request to Exchange through the <see cref="MailboxReader"/>.</summary>
public enum CallOutcome
{
    /// <summary>Exchange answered.</summary>
    Answered,

    /// <summary>Sent, and failed; the circuit knows.</summary>
    Failed,

    /// <summary>Not sent: the backend backs off (Retry-After or back-off).</summary>
    BackingOff,

    /// <summary>Not sent: the silo's or the mailbox's budget is spent.</summary>
    OverBudget,
}
