namespace PresenceCluster.Exchange.Notifications;

/// <summary>A subscription Exchange created: its id and until when it lives.</summary>
public sealed record class CalendarChangeSubscription(string Id, DateTimeOffset ExpiresAt);
