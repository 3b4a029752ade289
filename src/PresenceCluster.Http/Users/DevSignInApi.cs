using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace PresenceCluster.Http.Users;

/// <summary>
/// <c>POST /auth/dev/token</c> <c>{"user":"alice@contoso.com"}</c> → <c>{"access_token","token_type","expires_in"}</c>:
/// the development sign-in, served only where <see cref="UserAuthenticationOptions.DevSignIn"/> allows it.
/// </summary>
public static class DevSignInApi
{
    /// <summary>The route.</summary>
    public const string Path = "/auth/dev/token";

    /// <summary>The request body.</summary>
    public sealed record class Request(string? User);

    /// <summary>The answer, shaped as an OAuth token response.</summary>
    public sealed record class Response(
        [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken,
        [property: System.Text.Json.Serialization.JsonPropertyName("token_type")] string TokenType,
        [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn);

    /// <summary>Maps the route, or an answer saying why it is off.</summary>
    public static IEndpointRouteBuilder MapDevSignIn(this IEndpointRouteBuilder routes, bool enabled)
    {
        if (!enabled)
        {
            routes.MapPost(Path, () => TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Development sign-in is off",
                detail: "The development sign-in is served only while HTTP listens on loopback (Http:ListenAddress=localhost) or with Auth:Users:DevSignIn=On there. Sign in with the identity provider set in Auth:Users:Authority."))
                .ExcludeFromDescription();
            return routes;
        }

        routes.MapPost(Path, SignIn)
            .RequireRateLimiting(Hosting.CallerRateLimits.Policy)
            .WithTags("Sign-in")
            .WithName("DevSignIn")
            .WithSummary("Development only: a user token for any user, signed by the cluster. Served while HTTP listens on loopback.");
        return routes;
    }

    private static Results<Ok<Response>, ProblemHttpResult> SignIn(Request request, DevTokenIssuer issuer)
    {
        var user = UserIdentity.Parse(request.User, "user");
        var (token, lifetime) = issuer.Issue(user);
        return TypedResults.Ok(new Response(token, "Bearer", (int)lifetime.TotalSeconds));
    }
}
