namespace PresenceCluster.Http.Users;

/// <summary>Whether this silo serves the development sign-in, decided once at start-up from the settings.</summary>
public sealed record class DevSignInSwitch(bool Enabled);
