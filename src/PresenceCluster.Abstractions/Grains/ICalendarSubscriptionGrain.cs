using PresenceCluster.Exchange;

namespace PresenceCluster.Grains;

/// <summary>
/// One mailbox's Microsoft Graph subscription to calendar changes, keyed by the mailbox's SMTP address in lower case:
/// created and renewed while the mailbox's user is active, checked and acted on when a notification arrives.
/// </summary>
[Alias("PresenceCluster.ICalendarSubscriptionGrain")]
public interface ICalendarSubscriptionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Keeps the mailbox subscribed for <paramref name="user"/> (creating or renewing the subscription when due) and
    /// returns until when it is subscribed, or null when it is not (notifications off, or Exchange refused).
    /// </summary>
    [Alias("Keep")]
    Task<DateTimeOffset?> KeepAsync(string user);

    /// <summary>
    /// Acts on a notification: false (and nothing done) unless it names this mailbox's subscription with its client
    /// state; otherwise the calendar is read again soon, or the subscription re-created or renewed as the lifecycle
    /// event asks.
    /// </summary>
    [Alias("Notify")]
    Task<bool> NotifyAsync(MailboxChangeNotification notification);
}
