namespace PresenceCluster.Contacts;

/// <summary>
/// The contact-list grain as the unified contact store sees it (same grain, same key as <see cref="Grains.IContactListGrain"/>):
/// the whole record with its change log, edits that came from the mailbox, and where the list lives.
/// </summary>
[Alias("PresenceCluster.IContactListStoreGrain")]
public interface IContactListStoreGrain : IGrainWithStringKey
{
    /// <summary>The durable record, change log included.</summary>
    [Alias("GetRecord")]
    Task<ContactListRecord> GetRecordAsync();

    /// <summary>
    /// Applies what changed in the mailbox as one version whose changes are marked as from the mailbox. Contacts the
    /// list's rules refuse, or beyond its limit, are left out and named in the result; nothing else is refused.
    /// </summary>
    [Alias("ApplyFromMailbox")]
    Task<MailboxEditResult> ApplyFromMailboxAsync(MailboxListEdit edit);

    /// <summary>Records whether the list lives in the mailbox (edits through the cluster then go there too).</summary>
    [Alias("SetInMailbox")]
    Task SetInMailboxAsync(bool inMailbox);
}
