using System.Diagnostics.Metrics;
using PresenceCluster.Diagnostics;
using PresenceCluster.Exchange.Mailboxes;

namespace PresenceCluster.Exchange.Calendar;

/// <summary>The mailbox connector's instruments, in the <c>PresenceCluster</c> meter (exported at <c>/metrics</c>).</summary>
public sealed class ExchangeMetrics
{
    private readonly Counter<long> _requests;
    private readonly Counter<long> _mailboxesRead;

    public ExchangeMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(PresenceMetrics.MeterName);
        _requests = meter.CreateCounter<long>("exchange.requests", "{request}", "Requests to Exchange, by backend and outcome (success, throttled, unavailable, unauthorized, unknown_mailbox, bad_answer).");
        _mailboxesRead = meter.CreateCounter<long>("exchange.mailboxes_read", "{mailbox}", "Mailbox calendars read and published into presence.");
    }

    /// <summary>Counts a request that succeeded.</summary>
    public void Succeeded(string backend) => _requests.Add(1, Tag("backend", backend), Tag("outcome", "success"));

    /// <summary>Counts a request that failed, by why.</summary>
    public void Failed(string backend, MailboxFailure failure) => _requests.Add(1, Tag("backend", backend), Tag("outcome", failure switch
    {
        MailboxFailure.Throttled => "throttled",
        MailboxFailure.Unavailable => "unavailable",
        MailboxFailure.Unauthorized => "unauthorized",
        MailboxFailure.UnknownMailbox => "unknown_mailbox",
        _ => "bad_answer",
    }));

    /// <summary>Counts mailboxes read.</summary>
    public void MailboxesRead(string backend, int count) => _mailboxesRead.Add(count, Tag("backend", backend));

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);
}
