using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PresenceCluster.Auth;
using PresenceCluster.Grains;
using PresenceCluster.Http.Authentication;
using PresenceCluster.Http.OAuth;
using PresenceCluster.Identity;
using PresenceCluster.Partners;
using PresenceCluster.Presence;

namespace PresenceCluster.Http.Partners;

/// <summary>
/// The partner API, for servers trusted by OAuth server-to-server tokens (scheme <see cref="S2SAuthenticationDefaults.Scheme"/>).
/// <c>POST /partner/v1/presence</c>: a JSON array of up to the batch size of SIP URIs answered with their views, from
/// the same read index the SDK's batch queries use. An app-only token sees the views of
/// <see cref="OAuthOptions.AppOnlyAccessLevel"/>; a user-delegated token sees what that user may see.
/// </summary>
public static class PartnerPresenceApi
{
    /// <summary>The route group.</summary>
    public const string GroupPath = "/partner/v1";

    /// <summary>The presence route.</summary>
    public const string Path = GroupPath + "/presence";

    /// <summary>How the API writes JSON: camelCase, enums by name, absent categories left out.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Maps the partner routes, which need OAuth on; with OAuth off, they answer how to turn it on.</summary>
    public static IEndpointRouteBuilder MapPartnerApi(this IEndpointRouteBuilder routes, OAuthOptions oauth)
    {
        if (string.IsNullOrWhiteSpace(oauth.Realm))
        {
            routes.MapMethods(GroupPath + "/{**rest}", [HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete], OAuthOff.Answer)
                .WithTags("Partners").ExcludeFromDescription();
            return routes;
        }

        var group = routes.MapGroup(GroupPath).RequireRateLimiting(Hosting.CallerRateLimits.Policy).WithTags("Partners");
        group.MapPost("/presence", QueryPresenceAsync)
            .RequireAuthorization(PartnerPolicies.For(PartnerOperations.PresenceRead))
            .WithName("QueryPartnerPresence")
            .WithSummary("Presence of up to Presence:MaxBatchSize users, as the calling partner (or the user it acts for) may see them.")
            .Accepts<string[]>("application/json")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return routes;
    }

    /// <summary>The presence of the SIP URIs in the body, in the order asked.</summary>
    public static async Task<Results<Ok<PartnerPresenceResponse>, ProblemHttpResult>> QueryPresenceAsync(
        HttpRequest request, ClaimsPrincipal partner, IGrainFactory grains, IOptions<OAuthOptions> oauth, IOptions<PresenceOptions> presence)
    {
        string[]? requested;
        try
        {
            requested = await request.ReadFromJsonAsync<string[]>(Json, request.HttpContext.RequestAborted);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or BadHttpRequestException)
        {
            return BadRequest($"The body must be a JSON array of SIP URIs ({exception.Message}).");
        }

        var maxBatchSize = presence.Value.MaxBatchSize;
        if (requested is null || requested.Length == 0 || requested.Length > maxBatchSize)
        {
            return BadRequest($"The body holds {requested?.Length ?? 0} SIP URIs; send 1–{maxBatchSize}.");
        }

        var targets = new string[requested.Length];
        for (var i = 0; i < requested.Length; i++)
        {
            if (!SipUri.TryParse(requested[i], out var uri, out var problem))
            {
                return BadRequest($"Item {i} is not a SIP URI: {problem}.");
            }

            targets[i] = uri.Value;
        }

        var query = grains.GetGrain<IPresenceQueryGrain>(0);
        var actingUser = partner.FindFirst(S2SAuthenticationDefaults.ActingUserClaim)?.Value;
        var views = actingUser is null
            ? await query.QueryForLevelAsync(oauth.Value.AppOnlyAccessLevel, targets)
            : await query.QueryAsync(actingUser, targets);
        return TypedResults.Ok(new PartnerPresenceResponse([.. views.Select(PartnerPresenceView.From)]));
    }

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: detail);
}
