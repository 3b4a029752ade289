using PresenceCluster.Identity;

namespace PresenceCluster.Exchange.Calendar;

/// <summary>A user and the mailbox the addressing rule (or an override) gives them.</summary>
public readonly record struct MailboxOwner(SipUri User, string Mailbox);
