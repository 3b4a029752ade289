using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PresenceCluster.Identity;
using PresenceCluster.OAuth;
using PresenceCluster.Presence;

namespace PresenceCluster.Http.Users;

/// <summary>
/// Issues the cluster's own user tokens: RS256 JWTs signed by the cluster's token-issuer certificate (the one every
/// silo shares), so that any silo accepts a token another issued. The development sign-in hands them to whoever asks
/// (a developer's machine only); <c>presencectl user token</c> to administrators through the gateway. With an identity
/// provider configured (<see cref="UserAuthenticationOptions.Authority"/>) the cluster accepts only that provider's
/// tokens, so it issues none.
/// </summary>
public sealed class DevTokenIssuer(OAuthDirectory directory, IOptions<UserAuthenticationOptions> options, [Microsoft.Extensions.DependencyInjection.FromKeyedServices(PresenceTime.ServiceKey)] TimeProvider time)
    : PresenceCluster.Identity.IUserTokenIssuer
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>A token naming <paramref name="user"/>, and how long it lives.</summary>
    /// <exception cref="PresenceCluster.Errors.NotConfiguredException">The cluster has no signing certificate yet (the silo is starting).</exception>
    public (string Token, TimeSpan Lifetime) Issue(SipUri user) => Issue(user, options.Value.DevTokenLifetime);

    /// <inheritdoc />
    PresenceCluster.Identity.IssuedUserToken PresenceCluster.Identity.IUserTokenIssuer.Issue(SipUri user, TimeSpan? lifetime)
    {
        if (options.Value.Authority is { } authority)
        {
            throw new PresenceCluster.Errors.NotConfiguredException("Auth:Users:Authority", $"The cluster accepts user tokens from {authority} only; get one there.");
        }

        var wanted = lifetime ?? options.Value.DevTokenLifetime;
        if (wanted < UserAuthenticationOptions.MinTokenLifetime || wanted > UserAuthenticationOptions.MaxTokenLifetime)
        {
            throw new PresenceCluster.Errors.InvalidInputException("lifetime", $"is {wanted}; it must be between {UserAuthenticationOptions.MinTokenLifetime} and {UserAuthenticationOptions.MaxTokenLifetime}");
        }

        var (token, _) = Issue(user, wanted);
        return new PresenceCluster.Identity.IssuedUserToken { AccessToken = token, ExpiresAt = time.GetUtcNow() + wanted };
    }

    private (string Token, TimeSpan Lifetime) Issue(SipUri user, TimeSpan lifetime)
    {
        var signing = directory.Signing ?? throw new PresenceCluster.Errors.NotConfiguredException("OAuth:CertificatePath", "The cluster has no signing certificate yet; the silo is still starting.");
        var now = time.GetUtcNow();
        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = UserAuthenticationOptions.DevIssuer,
            Audience = options.Value.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = user.Value,
                [options.Value.UserClaim] = user.Address,
            },
            SigningCredentials = new X509SigningCredentials(signing.SignerAt(now), SecurityAlgorithms.RsaSha256),
        });
        return (token, lifetime);
    }

    /// <summary>The keys the cluster's own user tokens verify with: every certificate it publishes.</summary>
    public IEnumerable<SecurityKey> SigningKeys() =>
        directory.Signing?.Published.Select(certificate => (SecurityKey)new X509SecurityKey(certificate)) ?? [];
}
