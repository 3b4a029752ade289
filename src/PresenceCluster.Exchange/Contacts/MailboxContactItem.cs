namespace PresenceCluster.Exchange.Contacts;

/// <summary>
/// A contact item of a mailbox as both backends read and write it (Graph's <c>contact</c>, EWS's <c>t:Contact</c>):
/// Outlook's fields the cluster uses, and the cluster's own extended properties by their short name
/// (<see cref="MailboxContactProperties"/>).
/// </summary>
public sealed record class MailboxContactItem
{
    /// <summary>The item's id in the mailbox; empty before it is created.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>The item's change key: it changes with every change of the item.</summary>
    public string ChangeKey { get; init; } = string.Empty;

    /// <summary>The display name.</summary>
    public string? DisplayName { get; init; }

    /// <summary>E-mail addresses, in Outlook's order.</summary>
    public IReadOnlyList<string> EmailAddresses { get; init; } = [];

    /// <summary>IM addresses (the cluster writes the SIP URI, <c>sip:bob@contoso.com</c>).</summary>
    public IReadOnlyList<string> ImAddresses { get; init; } = [];

    /// <summary>Outlook's categories: the names of the contact's groups.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>The cluster's extended properties by short name; an item made in Outlook has none.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
}
