namespace PresenceCluster.Exchange.Notifications;

/// <summary>A subscription Exchange created: its id and until when it lives.</summary>
public sealed record class MailboxChangeSubscription(string Id, DateTimeOffset ExpiresAt);
