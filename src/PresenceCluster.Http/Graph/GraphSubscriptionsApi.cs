using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PresenceCluster.Grains;
using PresenceCluster.Http.Users;
using PresenceCluster.Presence;
using PresenceCluster.Webhooks;

namespace PresenceCluster.Http.Graph;

/// <summary>
/// Graph change notifications for presence: <c>POST/GET /v1.0/subscriptions</c> and
/// <c>GET/PATCH/DELETE /v1.0/subscriptions/{id}</c>. A subscription belongs to the user who created it; anyone else is
/// told it does not exist. Creating one first validates the receiver with Graph's handshake.
/// </summary>
public static class GraphSubscriptionsApi
{
    /// <summary>The collection route.</summary>
    public const string Path = GraphError.PathPrefix + "/subscriptions";

    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapGraphSubscriptionsApi(this IEndpointRouteBuilder routes)
    {
        var subscriptions = routes.MapGroup(Path).RequireAuthorization(UserIdentity.Policy).RequireRateLimiting(Hosting.CallerRateLimits.Policy).WithTags("Graph change notifications");
        subscriptions.MapPost("/", CreateAsync).WithName("CreateSubscription")
            .WithSummary("Subscribes a webhook to presence changes of up to Webhooks:MaxTargets users, after Graph's validation handshake with the receiver.");
        subscriptions.MapGet("/", ListAsync).WithName("ListSubscriptions").WithSummary("The signed-in user's live subscriptions.");
        subscriptions.MapGet("/{id}", GetAsync).WithName("GetSubscription").WithSummary("One of the signed-in user's subscriptions.");
        subscriptions.MapMethods("/{id}", [HttpMethods.Patch], RenewAsync).WithName("RenewSubscription").WithSummary("Moves a subscription's expirationDateTime.");
        subscriptions.MapDelete("/{id}", DeleteAsync).WithName("DeleteSubscription").WithSummary("Ends a subscription.");
        return routes;
    }

    private static async Task<IResult> CreateAsync(
        GraphSubscription.Request request, ClaimsPrincipal user, HttpContext context, IGrainFactory grains,
        IOptions<UserAuthenticationOptions> users, IOptions<WebhookOptions> webhooks, [FromKeyedServices(PresenceTime.ServiceKey)] TimeProvider time)
    {
        var owner = UserIdentity.Of(user, users.Value.UserClaim).Value;
        var applicationId = user.FindFirst("azp")?.Value ?? user.FindFirst("appid")?.Value;
        var id = Guid.NewGuid().ToString("D");
        var subscription = SubscriptionRequestRules.ToSubscription(request, id, owner, applicationId, time.GetUtcNow(), webhooks.Value);
        var created = await grains.GetGrain<IWebhookSubscriptionGrain>(id).CreateAsync(subscription);
        return TypedResults.Created($"{Path}/{id}", GraphSubscription.From(created, GraphError.ODataContext(context, "subscriptions/$entity")));
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, HttpContext context, IGrainFactory grains, IOptions<UserAuthenticationOptions> users)
    {
        var owner = UserIdentity.Of(user, users.Value.UserClaim).Value;
        var ids = await grains.GetGrain<IWebhookDirectoryGrain>(IWebhookDirectoryGrain.Key).ListAsync(owner);
        var found = new List<GraphSubscription>(ids.Length);
        foreach (var id in ids)
        {
            try
            {
                found.Add(GraphSubscription.From(await grains.GetGrain<IWebhookSubscriptionGrain>(id).GetAsync(owner)));
            }
            catch (PresenceCluster.Errors.NotFoundException)
            {
                // Ended between the directory's answer and this read.
            }
        }

        return TypedResults.Ok(new { value = found });
    }

    private static async Task<IResult> GetAsync(string id, ClaimsPrincipal user, HttpContext context, IGrainFactory grains, IOptions<UserAuthenticationOptions> users) =>
        TypedResults.Ok(GraphSubscription.From(await Subscription(grains, id).GetAsync(Owner(user, users)), GraphError.ODataContext(context, "subscriptions/$entity")));

    private static async Task<IResult> RenewAsync(
        string id, GraphSubscription.Request request, ClaimsPrincipal user, HttpContext context, IGrainFactory grains,
        IOptions<UserAuthenticationOptions> users, IOptions<WebhookOptions> webhooks, [FromKeyedServices(PresenceTime.ServiceKey)] TimeProvider time)
    {
        var expiration = SubscriptionRequestRules.CheckExpiration(request.ExpirationDateTime, time.GetUtcNow(), webhooks.Value);
        var renewed = await Subscription(grains, id).RenewAsync(Owner(user, users), expiration);
        return TypedResults.Ok(GraphSubscription.From(renewed, GraphError.ODataContext(context, "subscriptions/$entity")));
    }

    private static async Task<IResult> DeleteAsync(string id, ClaimsPrincipal user, IGrainFactory grains, IOptions<UserAuthenticationOptions> users)
    {
        await Subscription(grains, id).DeleteAsync(Owner(user, users));
        return TypedResults.NoContent();
    }

    /// <summary>The grain of subscription <paramref name="id"/>; an id that is no GUID names no subscription.</summary>
    private static IWebhookSubscriptionGrain Subscription(IGrainFactory grains, string id) =>
        Guid.TryParseExact(id, "D", out var guid)
            ? grains.GetGrain<IWebhookSubscriptionGrain>(guid.ToString("D"))
            : throw new PresenceCluster.Errors.NotFoundException("subscription", id.Length > 64 ? id[..64] : id);

    private static string Owner(ClaimsPrincipal user, IOptions<UserAuthenticationOptions> users) => UserIdentity.Of(user, users.Value.UserClaim).Value;
}
