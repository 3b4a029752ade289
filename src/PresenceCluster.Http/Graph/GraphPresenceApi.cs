using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PresenceCluster.Grains;
using PresenceCluster.Http.Users;
using PresenceCluster.Identity;

namespace PresenceCluster.Http.Graph;

/// <summary>
/// The Microsoft Graph presence routes for end users, answered from the same read index as the SDK's batch queries and
/// filtered by the caller's privacy relationship to each user: <c>GET /v1.0/me/presence</c>,
/// <c>GET /v1.0/users/{id}/presence</c>, <c>GET /v1.0/communications/presences/{id}</c> and
/// <c>POST /v1.0/communications/getPresencesByUserId</c>. A user id is an address (<c>alice@contoso.com</c>) or a SIP URI.
/// </summary>
public static class GraphPresenceApi
{
    /// <summary>The batch route.</summary>
    public const string BatchPath = GraphError.PathPrefix + "/communications/getPresencesByUserId";

    /// <summary>The body of <c>getPresencesByUserId</c>.</summary>
    public sealed record class BatchRequest([property: JsonPropertyName("ids")] string[]? Ids);

    /// <summary>The answer of <c>getPresencesByUserId</c>.</summary>
    public sealed record class BatchResponse(
        [property: JsonPropertyName("@odata.context")] string ODataContext,
        [property: JsonPropertyName("value")] IReadOnlyList<GraphPresence> Value);

    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapGraphPresenceApi(this IEndpointRouteBuilder routes)
    {
        var graph = routes.MapGroup(GraphError.PathPrefix).RequireAuthorization(UserIdentity.Policy).RequireRateLimiting(Hosting.CallerRateLimits.Policy).WithTags("Graph presence");
        graph.MapGet("/me/presence", (ClaimsPrincipal user, HttpContext context, IGrainFactory grains, IOptions<UserAuthenticationOptions> options) =>
            {
                var me = UserIdentity.Of(user, options.Value.UserClaim);
                return OneAsync(context, grains, me, me, "me/presence/$entity");
            })
            .WithName("GetMyPresence").WithSummary("The signed-in user's own presence, with every category.");
        graph.MapGet("/users/{id}/presence", (string id, ClaimsPrincipal user, HttpContext context, IGrainFactory grains, IOptions<UserAuthenticationOptions> options) =>
            {
                var target = UserIdentity.Parse(id);
                return OneAsync(context, grains, UserIdentity.Of(user, options.Value.UserClaim), target, $"users('{target.Address}')/presence/$entity");
            })
            .WithName("GetUserPresence").WithSummary("A user's presence as the signed-in user may see it.");
        graph.MapGet("/communications/presences/{id}", (string id, ClaimsPrincipal user, HttpContext context, IGrainFactory grains, IOptions<UserAuthenticationOptions> options) =>
            {
                var target = UserIdentity.Parse(id);
                return OneAsync(context, grains, UserIdentity.Of(user, options.Value.UserClaim), target, "communications/presences/$entity");
            })
            .WithName("GetPresence").WithSummary("A user's presence as the signed-in user may see it.");
        graph.MapPost("/communications/getPresencesByUserId", BatchAsync)
            .WithName("GetPresencesByUserId").WithSummary("Up to Graph:MaxPresenceIds users' presence, in the order asked, as the signed-in user may see them.");
        return routes;
    }

    private static async Task<IResult> OneAsync(HttpContext context, IGrainFactory grains, SipUri caller, SipUri target, string entity)
    {
        var views = await grains.GetGrain<IPresenceQueryGrain>(0).QueryAsync(caller.Value, [target.Value]);
        return TypedResults.Ok(GraphPresence.From(views[0], GraphError.ODataContext(context, entity)));
    }

    private static async Task<IResult> BatchAsync(BatchRequest request, ClaimsPrincipal user, HttpContext context, IGrainFactory grains, IOptions<UserAuthenticationOptions> options, IOptions<GraphOptions> graph)
    {
        var max = graph.Value.MaxPresenceIds;
        if (request.Ids is not { Length: > 0 } ids || ids.Length > max)
        {
            return GraphError.Result(context, StatusCodes.Status400BadRequest, $"The ids hold {request.Ids?.Length ?? 0} users; send 1–{max}.");
        }

        var targets = ids.Select((id, i) => UserIdentity.Parse(id, $"ids[{i}]").Value).ToArray();
        var views = await grains.GetGrain<IPresenceQueryGrain>(0).QueryAsync(UserIdentity.Of(user, options.Value.UserClaim).Value, targets);
        return TypedResults.Ok(new BatchResponse(GraphError.ODataContext(context, "Collection(microsoft.graph.presence)"), [.. views.Select(view => GraphPresence.From(view))]));
    }
}
