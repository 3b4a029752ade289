using PresenceCluster.Identity;

namespace PresenceCluster.Identity;

/// <summary>
/// Signs end users' tokens with the cluster's certificate. Implemented by the HTTP host, which owns the user-token
/// settings (issuer, audience, claim) that its bearer-token validation checks.
/// </summary>
public interface IUserTokenIssuer
{
    /// <summary>A token for <paramref name="user"/> living <paramref name="lifetime"/> (or the configured lifetime).</summary>
    /// <exception cref="Errors.InvalidInputException">The lifetime is outside what configuration allows.</exception>
    /// <exception cref="Errors.NotConfiguredException">The cluster does not accept its own user tokens.</exception>
    IssuedUserToken Issue(SipUri user, TimeSpan? lifetime);
}
