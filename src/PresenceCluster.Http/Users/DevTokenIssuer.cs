using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PresenceCluster.Identity;
using PresenceCluster.OAuth;
using PresenceCluster.Presence;

namespace PresenceCluster.Http.Users;

/// <summary>
/// Issues the development sign-in's user tokens: RS256 JWTs signed by the cluster's token-issuer certificate (the
/// one every silo shares), so that any silo accepts a token another issued. For a developer's machine only: it
/// trusts whoever asks; production uses an identity provider (<see cref="UserAuthenticationOptions.Authority"/>).
/// </summary>
public sealed class DevTokenIssuer(OAuthDirectory directory, IOptions<UserAuthenticationOptions> options, [Microsoft.Extensions.DependencyInjection.FromKeyedServices(PresenceTime.ServiceKey)] TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>A token naming <paramref name="user"/>, and how long it lives.</summary>
    /// <exception cref="PresenceCluster.Errors.NotConfiguredException">The cluster has no signing certificate yet (the silo is starting).</exception>
    public (string Token, TimeSpan Lifetime) Issue(SipUri user)
    {
        var signing = directory.Signing ?? throw new PresenceCluster.Errors.NotConfiguredException("OAuth:CertificatePath", "The cluster has no signing certificate yet; the silo is still starting.");
        var now = time.GetUtcNow();
        var lifetime = options.Value.DevTokenLifetime;
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
                [options.Value.UserClaim] = UserIdentity.AddressOf(user),
            },
            SigningCredentials = new X509SigningCredentials(signing.SignerAt(now), SecurityAlgorithms.RsaSha256),
        });
        return (token, lifetime);
    }

    /// <summary>The keys the cluster's own user tokens verify with: every certificate it publishes.</summary>
    public IEnumerable<SecurityKey> SigningKeys() =>
        directory.Signing?.Published.Select(certificate => (SecurityKey)new X509SecurityKey(certificate)) ?? [];
}
