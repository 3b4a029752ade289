using PresenceCluster.Identity;

namespace PresenceCluster.ClusterTests.Infrastructure;

/// <summary>Makes users no other test touches, so tests can share one cluster.</summary>
public static class Users
{
    public static SipUri New(string name, string domain = "contoso.com") =>
        SipUri.Parse($"sip:{name}-{Guid.NewGuid():N}@{domain}");
}
