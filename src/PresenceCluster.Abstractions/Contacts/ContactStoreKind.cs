namespace PresenceCluster.Contacts;

/// <summary>Where a user's contact list is kept (Lync's unified contact store).</summary>
[GenerateSerializer, Alias("PresenceCluster.ContactStoreKind")]
public enum ContactStoreKind
{
    /// <summary>In the cluster's own store.</summary>
    Cluster = 0,

    /// <summary>In the user's Exchange mailbox, with the cluster's list as its cache.</summary>
    Exchange = 1,
}
