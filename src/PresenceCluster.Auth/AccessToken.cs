namespace PresenceCluster.Auth;

/// <summary>An access token from a token server, and when it expires.</summary>
public sealed record class AccessToken(string Value, DateTimeOffset ExpiresAt);
