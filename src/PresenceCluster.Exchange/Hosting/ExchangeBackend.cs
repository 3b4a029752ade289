namespace PresenceCluster.Exchange.Hosting;

/// <summary>Where the mailboxes are.</summary>
public enum ExchangeBackend
{
    /// <summary>No mailbox connector.</summary>
    None,

    /// <summary>Exchange Online through Microsoft Graph.</summary>
    Graph,

    /// <summary>Exchange Server on premises through EWS.</summary>
    Ews,
}
