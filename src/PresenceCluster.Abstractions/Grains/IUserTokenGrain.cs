using PresenceCluster.Identity;

namespace PresenceCluster.Grains;

/// <summary>
/// Issues end users' bearer tokens signed by the cluster, for administrators' scripts (<c>presencectl user token</c>)
/// through the trusted gateway. A stateless worker: call it with key 0.
/// </summary>
[Alias("PresenceCluster.IUserTokenGrain")]
public interface IUserTokenGrain : IGrainWithIntegerKey
{
    /// <summary>A token for <paramref name="user"/> (a SIP URI) living <paramref name="lifetime"/>, or the configured lifetime.</summary>
    /// <exception cref="Errors.InvalidInputException">The user or the lifetime is unusable.</exception>
    /// <exception cref="Errors.NotConfiguredException">The cluster does not accept its own user tokens (an identity provider is configured).</exception>
    [Alias("Issue")]
    Task<IssuedUserToken> IssueAsync(string user, TimeSpan? lifetime);
}
