using Orleans.Concurrency;
using PresenceCluster.Privacy;

namespace PresenceCluster.Contacts;

/// <summary>The contact-list grain's cluster-internal side: the privacy policy its presence grain pulls on activation.</summary>
[Alias("PresenceCluster.IPrivacyPolicySourceGrain")]
public interface IPrivacyPolicySourceGrain : IGrainWithStringKey
{
    /// <summary>
    /// The policy of the last committed contact list. Interleaves, because the contact-list grain may be awaiting
    /// the very presence grain that asks.
    /// </summary>
    [AlwaysInterleave, Alias("GetPrivacyPolicy")]
    Task<PrivacyPolicy> GetPrivacyPolicyAsync();
}
