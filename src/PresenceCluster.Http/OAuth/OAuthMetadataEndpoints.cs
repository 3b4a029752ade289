using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.IdentityModel.Tokens;
using PresenceCluster.Auth;
using PresenceCluster.OAuth;

namespace PresenceCluster.Http.OAuth;

/// <summary>Publishes the cluster's token-signing certificates: the metadata document partners trust us by, and the same keys as a JWKS.</summary>
public static class OAuthMetadataEndpoints
{
    /// <summary>Where partners fetch the metadata document (docs/oauth-s2s.md).</summary>
    public const string MetadataPath = "/metadata/json/1";

    /// <summary>Where the keys are published as a JSON Web Key Set.</summary>
    public const string JwksPath = "/.well-known/jwks.json";

    /// <summary>Maps both documents; with OAuth off (no realm), they answer how to turn it on.</summary>
    public static IEndpointRouteBuilder MapOAuthMetadata(this IEndpointRouteBuilder routes, OAuthDirectory directory, OAuthOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Realm))
        {
            routes.MapGet(MetadataPath, OAuthOff.Answer).WithTags("OAuth").ExcludeFromDescription();
            routes.MapGet(JwksPath, OAuthOff.Answer).WithTags("OAuth").ExcludeFromDescription();
            return routes;
        }

        routes.MapGet(MetadataPath, () =>
            directory.Signing is { } signing
                ? Results.Text(new MetadataDocument($"{options.ApplicationId}@{options.Realm}", options.ApplicationId, signing.Published).ToJson(), "application/json")
                : NotReady())
            .WithTags("OAuth").WithName("OAuthMetadata").WithSummary("The OAuth metadata document partners register this cluster by: issuer and signing certificates.");
        routes.MapGet(JwksPath, () =>
            directory.Signing is { } signing ? Results.Text(Jwks(signing).ToJsonString(), "application/json") : NotReady())
            .WithTags("OAuth").WithName("Jwks").WithSummary("The same signing keys as a JSON Web Key Set.");
        return routes;
    }

    private static JsonObject Jwks(SigningCertificates signing) => new()
    {
        ["keys"] = new JsonArray([.. signing.Published.Select(Jwk)]),
    };

    private static JsonNode Jwk(X509Certificate2 certificate)
    {
        var key = JsonWebKeyConverter.ConvertFromX509SecurityKey(new X509SecurityKey(certificate), representAsRsaKey: true);
        var thumbprint = S2STokenValidator.X5t(certificate);
        return new JsonObject
        {
            ["kty"] = key.Kty,
            ["use"] = "sig",
            ["alg"] = SecurityAlgorithms.RsaSha256,
            ["kid"] = thumbprint,
            ["x5t"] = thumbprint,
            ["n"] = key.N,
            ["e"] = key.E,
            ["x5c"] = new JsonArray(Convert.ToBase64String(certificate.RawData)),
        };
    }

    private static IResult NotReady() =>
        Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "OAuth is not ready", detail: "The silo has no token-issuer certificate yet.");
}
