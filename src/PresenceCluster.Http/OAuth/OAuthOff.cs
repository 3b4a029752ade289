using Microsoft.AspNetCore.Http;

namespace PresenceCluster.Http.OAuth;

/// <summary>What the OAuth routes (metadata, JWKS, partner API) answer while OAuth is off on this cluster.</summary>
public static class OAuthOff
{
    /// <summary>404 with a problem saying how to turn OAuth on.</summary>
    public static IResult Answer() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "OAuth is off",
        detail: "Server-to-server OAuth is off on this cluster, so there is no metadata and no partner API. Turn it on by setting "
            + "Sip:DefaultDomain (or OAuth:Realm) and OAuth:HostName on every silo, for example Sip__DefaultDomain=contoso.com "
            + "OAuth__HostName=presence.contoso.com.");
}
