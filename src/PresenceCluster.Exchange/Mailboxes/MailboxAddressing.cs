using PresenceCluster.Identity;

namespace PresenceCluster.Exchange.Mailboxes;

/// <summary>
/// A user's mailbox address from their SIP address: the same local part, at the configured mail domain or else the
/// SIP domain (<c>sip:alice@contoso.com</c> → <c>alice@contoso.com</c>), unless an override names another mailbox.
/// </summary>
public sealed class MailboxAddressing(string mailDomain, IReadOnlyDictionary<string, string>? overrides = null)
{
    /// <summary>The mailbox of <paramref name="user"/>.</summary>
    public string MailboxOf(SipUri user) =>
        overrides is not null && overrides.TryGetValue(user.Value, out var mailbox)
            ? mailbox
            : $"{user.User}@{(mailDomain.Length > 0 ? mailDomain : user.Domain)}";
}
