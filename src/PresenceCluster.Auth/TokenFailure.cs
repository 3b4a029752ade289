namespace PresenceCluster.Auth;

/// <summary>Why a server-to-server token was refused. The numbers are stable and safe to log (no personal data).</summary>
public enum TokenFailure
{
    /// <summary>Accepted.</summary>
    None = 0,

    /// <summary>Longer than <see cref="OAuthOptions.MaxTokenLength"/>.</summary>
    Oversize = 101,

    /// <summary>Not a JWT: bad segments, base64url or JSON.</summary>
    Malformed = 102,

    /// <summary>The JSON nests deeper than tokens ever need.</summary>
    NestingTooDeep = 103,

    /// <summary>A claim or header field appears twice.</summary>
    DuplicateClaim = 104,

    /// <summary>
    /// A claim is present with a value of the wrong kind: a flag (<c>trustedfordelegation</c>, <c>isbrowserhostedapp</c>)
    /// that is neither true nor false, a text claim (<c>nii</c>) that is not a string, or both actor-token claim names.
    /// </summary>
    MalformedClaim = 105,

    /// <summary>A time claim (<c>nbf</c>, <c>exp</c>, <c>iat</c>) is neither a number nor a string of integer seconds within the calendar.</summary>
    MalformedTimeClaim = 106,

    /// <summary>The signature algorithm is not RS256 (includes "none" on a token that must be signed, and HS256).</summary>
    AlgorithmNotAllowed = 110,

    /// <summary>An unsigned token without an actor token.</summary>
    UnsignedWithoutActor = 111,

    /// <summary>The actor token inside an unsigned token is not signed with RS256.</summary>
    ActorNotSigned = 112,

    /// <summary>The signed token has no x5t header naming its key.</summary>
    MissingKeyId = 113,

    /// <summary>The issuer is not a registered partner.</summary>
    UnknownIssuer = 120,

    /// <summary>The partner is registered but disabled.</summary>
    PartnerDisabled = 121,

    /// <summary>The issuer's realm is not ours.</summary>
    WrongRealm = 122,

    /// <summary>No key of the partner has the token's x5t.</summary>
    UnknownKey = 123,

    /// <summary>The partner's key with the token's x5t has expired.</summary>
    KeyExpired = 125,

    /// <summary>The signature does not verify with the partner's key.</summary>
    BadSignature = 124,

    /// <summary>The audience is not <see cref="OAuthOptions.OwnAudience"/>.</summary>
    WrongAudience = 130,

    /// <summary>Past its expiry (beyond the clock skew).</summary>
    Expired = 131,

    /// <summary>Not valid yet, or issued in the future (<c>nbf</c> or <c>iat</c> beyond the clock skew).</summary>
    NotYetValid = 132,

    /// <summary>No expiry.</summary>
    MissingExpiry = 133,

    /// <summary>The partner's trust level does not allow acting for a user.</summary>
    DelegationNotAllowed = 140,

    /// <summary>The user is not in a domain partners may act for.</summary>
    UserOutsideRealm = 141,

    /// <summary>An unsigned token names no user.</summary>
    MissingUser = 142,

    /// <summary>The outer token's issuer is not the actor token's <c>nameid</c> (the actor may only speak for itself).</summary>
    OuterIssuerNotActor = 143,
}
