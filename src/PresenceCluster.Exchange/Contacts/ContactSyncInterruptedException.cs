using PresenceCluster.Exchange.Calendar;

namespace PresenceCluster.Exchange.Contacts;

/// <summary>A sync pass stopped because Exchange did not answer (or may not be asked now); the next pass goes on.</summary>
public sealed class ContactSyncInterruptedException(CallOutcome outcome, string? problem)
    : Exception($"Exchange was not reached ({outcome}{(problem is null ? string.Empty : ": " + problem)})")
{
    /// <summary>Why the request was not answered.</summary>
    public CallOutcome Outcome { get; } = outcome;
}
