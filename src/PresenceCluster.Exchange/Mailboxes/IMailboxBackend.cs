using PresenceCluster.Exchange.Calendar;

namespace PresenceCluster.Exchange.Mailboxes;

/// <summary>Reads mailboxes: Exchange Online through Microsoft Graph, or Exchange Server through EWS.</summary>
public interface IMailboxBackend
{
    /// <summary>The backend's name in status and logs.</summary>
    string Name { get; }

    /// <summary>How many mailboxes one schedule request may name (Graph: 20).</summary>
    int MaxMailboxesPerScheduleRequest { get; }

    /// <summary>The calendars of <paramref name="mailboxes"/> between <paramref name="from"/> and <paramref name="until"/>, in the order asked.</summary>
    /// <exception cref="MailboxBackendException">The request as a whole failed; the exception says whether and when to retry.</exception>
    Task<IReadOnlyList<MailboxCalendar>> GetSchedulesAsync(IReadOnlyList<string> mailboxes, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>The automatic replies of <paramref name="mailbox"/>.</summary>
    /// <exception cref="MailboxBackendException">The request failed; the exception says whether and when to retry.</exception>
    Task<AutomaticReplies> GetAutomaticRepliesAsync(string mailbox, CancellationToken cancellationToken);
}
