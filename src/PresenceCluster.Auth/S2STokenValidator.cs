using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PresenceCluster.Partners;

namespace PresenceCluster.Auth;

/// <summary>
/// Validates OAuth server-to-server tokens from partner applications (docs/oauth-s2s.md), returning a numbered reason
/// instead of throwing. A signed token must be RS256 with an x5t naming one of its registered, enabled partner's
/// keys, in our realm, addressed to us, within its lifetime. An unsigned (alg none) token is accepted only as a
/// user-delegation wrapper around such a signed actor token, from a partner whose trust level allows acting for
/// users, for a user of our domains.
/// </summary>
/// <remarks>
/// Accepted tokens are remembered (up to <c>cacheCapacity</c>) until they expire, so a partner that reuses its token —
/// as partners do for its lifetime — costs one dictionary lookup instead of an RSA verification. A remembered token is
/// used only while the partner's registration is the very one it was accepted under: any change to the partner
/// (disabled, keys refreshed, removed) makes the next call validate afresh.
/// </remarks>
public sealed class S2STokenValidator(OAuthOptions options, Func<string, PartnerApplication?> findPartner, TimeProvider time, int cacheCapacity = S2STokenValidator.DefaultCacheCapacity)
{
    /// <summary>How many accepted tokens are remembered by default.</summary>
    public const int DefaultCacheCapacity = 10_000;

    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    private const string ActorClaim = "actort";
    private const string ActorClaimLong = "actortoken";

    // Flags and texts that Lync, Exchange and SharePoint put in tokens, as strings ("true") or JSON values.
    private static readonly string[] FlagClaims = ["trustedfordelegation", "isbrowserhostedapp"];
    private static readonly string[] TextClaims = ["nii", "nameid", "smtp", "sip", "upn", ActorClaim, ActorClaimLong];

    // One key object per certificate: IdentityModel caches its RSA signature provider per key, and building the
    // provider (parsing the public key) cost six times the verification itself.
    private static readonly ConditionalWeakTable<X509Certificate2, X509SecurityKey> SigningKeys = new();

    // Hashing a certificate for its x5t costs microseconds; tokens are matched against the same few certificates.
    private static readonly ConditionalWeakTable<X509Certificate2, string> Thumbprints = new();
    private readonly ConcurrentDictionary<string, (TokenValidationOutcome Outcome, DateTimeOffset Until)> _accepted = new(StringComparer.Ordinal);

    /// <summary>Validates <paramref name="token"/>.</summary>
    public async Task<TokenValidationOutcome> ValidateAsync(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return TokenValidationOutcome.Refused(TokenFailure.Malformed);
        }

        if (token.Length > options.MaxTokenLength)
        {
            return TokenValidationOutcome.Refused(TokenFailure.Oversize);
        }

        if (_accepted.TryGetValue(token, out var remembered)
            && time.GetUtcNow() < remembered.Until
            && ReferenceEquals(findPartner(remembered.Outcome.Partner!.ApplicationId), remembered.Outcome.Partner))
        {
            return remembered.Outcome;
        }

        var structure = JwtSegments.TryDecode(token, out var segments);
        if (structure != TokenFailure.None)
        {
            return TokenValidationOutcome.Refused(structure);
        }

        TokenValidationOutcome outcome;
        if (string.Equals(segments!.Algorithm, "none", StringComparison.Ordinal))
        {
            outcome = await ValidateDelegationAsync(segments);
        }
        else
        {
            outcome = await ValidateSignedAsync(token, segments);
            if (outcome.Succeeded && outcome.Partner!.TrustLevel == TrustLevel.User)
            {
                // A User-trust partner acts only for users, never as itself.
                return TokenValidationOutcome.Refused(TokenFailure.DelegationNotAllowed);
            }
        }

        if (outcome.Succeeded && cacheCapacity > 0)
        {
            Remember(token, segments, outcome);
        }

        return outcome;
    }

    private void Remember(string token, JwtSegments segments, TokenValidationOutcome outcome)
    {
        // Until the earliest expiry of the token and (for a delegation) its actor token, with the same skew as
        // validation; both were read successfully to be accepted.
        segments.TryGetTime("exp", out var expires);
        if (ActorToken(segments) is { } actor && JwtSegments.TryDecode(actor, out var actorSegments) == TokenFailure.None
            && actorSegments!.TryGetTime("exp", out var actorExpires) == TokenFailure.None && actorExpires < expires)
        {
            expires = actorExpires;
        }

        if (_accepted.Count >= cacheCapacity)
        {
            // Rare (capacity distinct live tokens); starting over is simpler than tracking use and costs one verification per token.
            _accepted.Clear();
        }

        _accepted[token] = (outcome, expires!.Value + options.ClockSkew);
    }

    private async Task<TokenValidationOutcome> ValidateDelegationAsync(JwtSegments outer)
    {
        if (outer.HasSignature)
        {
            return TokenValidationOutcome.Refused(TokenFailure.Malformed);
        }

        if (outer.Payload.TryGetProperty(ActorClaim, out _) && outer.Payload.TryGetProperty(ActorClaimLong, out _))
        {
            // Two actor tokens: which one would be checked and which one believed is exactly what a forger hopes to split.
            return TokenValidationOutcome.Refused(TokenFailure.MalformedClaim);
        }

        var actorToken = ActorToken(outer);
        if (string.IsNullOrEmpty(actorToken))
        {
            return TokenValidationOutcome.Refused(TokenFailure.UnsignedWithoutActor);
        }

        var actorStructure = JwtSegments.TryDecode(actorToken, out var actor);
        if (actorStructure != TokenFailure.None)
        {
            return TokenValidationOutcome.Refused(actorStructure);
        }

        if (!string.Equals(actor!.Algorithm, SecurityAlgorithms.RsaSha256, StringComparison.Ordinal) || !actor.HasSignature)
        {
            return TokenValidationOutcome.Refused(TokenFailure.ActorNotSigned);
        }

        var actorOutcome = await ValidateSignedAsync(actorToken, actor);
        if (!actorOutcome.Succeeded)
        {
            return actorOutcome;
        }

        // An actor that says it is not trusted for delegation ("trustedfordelegation":"false") may not act for users,
        // whatever its registration allows.
        if (actorOutcome.Partner!.TrustLevel == TrustLevel.Application
            || (actor.TryGetFlag("trustedfordelegation", out var trusted) == TokenFailure.None && trusted == false))
        {
            return TokenValidationOutcome.Refused(TokenFailure.DelegationNotAllowed);
        }

        // [MS-XOAUTH] 3.2.5.6: the outer token is issued by the actor itself, compared exactly.
        if (!string.Equals(outer.Claim("iss"), actor.Claim("nameid"), StringComparison.Ordinal))
        {
            return TokenValidationOutcome.Refused(TokenFailure.OuterIssuerNotActor);
        }

        var failure = CheckClaims(outer);
        if (failure != TokenFailure.None)
        {
            return TokenValidationOutcome.Refused(failure);
        }

        var user = outer.Claim("sip") ?? outer.Claim("smtp") ?? outer.Claim("upn") ?? outer.Claim("nameid");
        if (string.IsNullOrWhiteSpace(user))
        {
            return TokenValidationOutcome.Refused(TokenFailure.MissingUser);
        }

        var at = user.LastIndexOf('@');
        var domain = at < 0 ? string.Empty : user[(at + 1)..];
        var domains = options.UserDomains.Count > 0 ? options.UserDomains : [options.Realm];
        if (!domains.Contains(domain, StringComparer.OrdinalIgnoreCase))
        {
            return TokenValidationOutcome.Refused(TokenFailure.UserOutsideRealm);
        }

        return new TokenValidationOutcome(TokenFailure.None, actorOutcome.Partner, user);
    }

    private async Task<TokenValidationOutcome> ValidateSignedAsync(string token, JwtSegments segments)
    {
        if (!string.Equals(segments.Algorithm, SecurityAlgorithms.RsaSha256, StringComparison.Ordinal) || !segments.HasSignature)
        {
            return TokenValidationOutcome.Refused(TokenFailure.AlgorithmNotAllowed);
        }

        var x5t = segments.Header.TryGetProperty("x5t", out var thumbprint) ? thumbprint.GetString() : null;
        if (string.IsNullOrEmpty(x5t))
        {
            return TokenValidationOutcome.Refused(TokenFailure.MissingKeyId);
        }

        var issuer = segments.Claim("iss") ?? string.Empty;
        var at = issuer.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0)
        {
            return TokenValidationOutcome.Refused(TokenFailure.UnknownIssuer);
        }

        if (!string.Equals(issuer[(at + 1)..], options.Realm, StringComparison.OrdinalIgnoreCase))
        {
            return TokenValidationOutcome.Refused(TokenFailure.WrongRealm);
        }

        var partner = findPartner(issuer[..at]);
        if (partner is null || !string.Equals(partner.Realm, options.Realm, StringComparison.OrdinalIgnoreCase))
        {
            return TokenValidationOutcome.Refused(TokenFailure.UnknownIssuer);
        }

        if (!partner.Enabled)
        {
            return TokenValidationOutcome.Refused(TokenFailure.PartnerDisabled);
        }

        var certificate = partner.SigningCertificates.FirstOrDefault(c => string.Equals(X5t(c), x5t, StringComparison.Ordinal));
        if (certificate is null)
        {
            return TokenValidationOutcome.Refused(TokenFailure.UnknownKey);
        }

        // A partner whose metadata can no longer be fetched keeps its last good keys, but only until they expire.
        if (certificate.NotAfter.ToUniversalTime() <= time.GetUtcNow().UtcDateTime)
        {
            return TokenValidationOutcome.Refused(TokenFailure.KeyExpired);
        }

        var failure = CheckClaims(segments);
        if (failure != TokenFailure.None)
        {
            return TokenValidationOutcome.Refused(failure);
        }

        var result = await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            IssuerSigningKey = SigningKeys.GetValue(certificate, static c => new X509SecurityKey(c)),
            TryAllIssuerSigningKeys = false,
            ValidIssuer = partner.Issuer,
            ValidAudience = options.OwnAudience,
            RequireSignedTokens = true,

            // Lifetime was checked above against the injected clock; the handler would read the system clock.
            ValidateLifetime = false,
            RequireExpirationTime = false,
        });
        return result.IsValid ? new TokenValidationOutcome(TokenFailure.None, partner) : TokenValidationOutcome.Refused(TokenFailure.BadSignature);
    }

    /// <summary>
    /// The checks every token gets, signed or not: addressed to us, every time claim read and honoured, and the
    /// claims Microsoft servers add of the kind they must be. A claim that is present is never skipped for being of
    /// an unexpected JSON kind: it is read or the token is refused.
    /// </summary>
    private TokenFailure CheckClaims(JwtSegments segments)
    {
        if (!string.Equals(segments.Claim("aud"), options.OwnAudience, StringComparison.OrdinalIgnoreCase))
        {
            return TokenFailure.WrongAudience;
        }

        DateTimeOffset? notBefore = null, issuedAt = null;
        var failure = segments.TryGetTime("exp", out var expires);
        if (failure == TokenFailure.None)
        {
            failure = segments.TryGetTime("nbf", out notBefore);
        }

        if (failure == TokenFailure.None)
        {
            failure = segments.TryGetTime("iat", out issuedAt);
        }

        foreach (var flag in FlagClaims)
        {
            if (failure == TokenFailure.None)
            {
                failure = segments.TryGetFlag(flag, out _);
            }
        }

        if (failure != TokenFailure.None)
        {
            return failure;
        }

        if (TextClaims.Any(segments.HasNonStringClaim))
        {
            return TokenFailure.MalformedClaim;
        }

        var now = time.GetUtcNow();
        if (expires is null)
        {
            return TokenFailure.MissingExpiry;
        }

        if (expires.Value + options.ClockSkew <= now)
        {
            return TokenFailure.Expired;
        }

        return notBefore - options.ClockSkew > now || issuedAt - options.ClockSkew > now ? TokenFailure.NotYetValid : TokenFailure.None;
    }

    /// <summary>The actor token of an outer token: <c>actort</c> as Lync writes it, or <c>actortoken</c> as SharePoint's does.</summary>
    private static string? ActorToken(JwtSegments outer) => outer.Claim(ActorClaim) ?? outer.Claim(ActorClaimLong);

    /// <summary>The x5t of a certificate: base64url of the SHA-1 of its DER bytes.</summary>
    public static string X5t(X509Certificate2 certificate) =>
        Thumbprints.GetValue(certificate, static c => System.Buffers.Text.Base64Url.EncodeToString(c.GetCertHash()));
}
