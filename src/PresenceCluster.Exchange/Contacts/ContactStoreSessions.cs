using PresenceCluster.Contacts;
using PresenceCluster.Grains;

namespace PresenceCluster.Exchange.Contacts;

/// <summary>Tells a user's <see cref="IContactStoreGrain"/> of their sign-ins and sign-outs (one one-way message each), where migration is decided.</summary>
internal sealed class ContactStoreSessions(IGrainFactory grains) : IUserSessionListener
{
    public void SignedIn(string userKey) => _ = grains.GetGrain<IContactStoreGrain>(userKey).SignedInAsync();

    public void SignedOut(string userKey) => _ = grains.GetGrain<IContactStoreGrain>(userKey).SignedOutAsync();
}
