namespace PresenceCluster.Contacts;

/// <summary>
/// Told by a user's presence grain when the user signs in (the first endpoint) and out (the last one leaves). Silo
/// services register one when they act on sign-in, as the unified contact store's migration does.
/// </summary>
public interface IUserSessionListener
{
    /// <summary>The user of grain key <paramref name="userKey"/> signed in.</summary>
    void SignedIn(string userKey);

    /// <summary>The user of grain key <paramref name="userKey"/> signed out.</summary>
    void SignedOut(string userKey);
}
