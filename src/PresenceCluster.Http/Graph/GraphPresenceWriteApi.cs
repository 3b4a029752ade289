using System.Security.Claims;
using System.Text.Json.Serialization;
using System.Xml;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PresenceCluster.Grains;
using PresenceCluster.Http.Users;
using PresenceCluster.Identity;
using PresenceCluster.Presence;

namespace PresenceCluster.Http.Graph;

/// <summary>
/// Graph's presence actions a user takes on their own presence: <c>setPresence</c> and <c>clearPresence</c>
/// (application sessions, as endpoints), <c>setUserPreferredPresence</c> and <c>clearUserPreferredPresence</c> (the
/// manual state) and <c>setStatusMessage</c> (the note), under
/// <c>/v1.0/users/{id}/presence/…</c> and <c>/v1.0/me/presence/…</c>. A user may write only their own presence.
/// </summary>
public static class GraphPresenceWriteApi
{
    /// <summary>The body of <c>setUserPreferredPresence</c>.</summary>
    public sealed record class PreferredPresenceRequest(
        [property: JsonPropertyName("availability")] string? Availability,
        [property: JsonPropertyName("activity")] string? Activity,
        [property: JsonPropertyName("expirationDuration")] string? ExpirationDuration);

    /// <summary>The body of <c>setPresence</c> and <c>clearPresence</c>.</summary>
    public sealed record class SessionRequest(
        [property: JsonPropertyName("sessionId")] string? SessionId,
        [property: JsonPropertyName("availability")] string? Availability,
        [property: JsonPropertyName("activity")] string? Activity,
        [property: JsonPropertyName("expirationDuration")] string? ExpirationDuration);

    /// <summary>The body of <c>setStatusMessage</c>.</summary>
    public sealed record class StatusMessageRequest([property: JsonPropertyName("statusMessage")] StatusMessage? StatusMessage);

    /// <summary>Graph's presenceStatusMessage (the expiry is accepted and not applied: notes last until changed).</summary>
    public sealed record class StatusMessage(
        [property: JsonPropertyName("message")] GraphPresence.ItemBody? Message,
        [property: JsonPropertyName("expiryDateTime")] object? ExpiryDateTime);

    /// <summary>Maps the actions for <c>/users/{id}/presence</c> and <c>/me/presence</c>.</summary>
    public static IEndpointRouteBuilder MapGraphPresenceWriteApi(this IEndpointRouteBuilder routes)
    {
        var graph = routes.MapGroup(GraphError.PathPrefix).RequireAuthorization(UserIdentity.Policy).RequireRateLimiting(Hosting.CallerRateLimits.Policy).WithTags("Graph presence");
        foreach (var prefix in new[] { "/users/{id}/presence", "/me/presence" })
        {
            graph.MapPost(prefix + "/setPresence", SetSessionAsync)
                .WithSummary("Sets an application session's presence (Graph's five availability/activity pairs) for expirationDuration (PT5M–PT4H).");
            graph.MapPost(prefix + "/clearPresence", ClearSessionAsync)
                .WithSummary("Ends an application session's presence; 404 when there is no such session.");
            graph.MapPost(prefix + "/setUserPreferredPresence", SetPreferredAsync)
                .WithSummary("Sets the user's own preferred presence (the manual state): one of Graph's six availability/activity pairs.");
            graph.MapPost(prefix + "/clearUserPreferredPresence", ClearPreferredAsync)
                .WithSummary("Clears the user's own preferred presence.");
            graph.MapPost(prefix + "/setStatusMessage", SetStatusMessageAsync)
                .WithSummary("Sets the user's own status message (the note); an empty message clears it.");
        }

        return routes;
    }

    private static async Task<IResult> SetSessionAsync(string? id, SessionRequest request, ClaimsPrincipal user, HttpContext context, IGrainFactory grains, IOptions<UserAuthenticationOptions> options)
    {
        if (Own(id, user, options.Value) is not { } self)
        {
            return NotYours(context);
        }

        if (string.IsNullOrWhiteSpace(request.SessionId))
        {
            return GraphError.Result(context, StatusCodes.Status400BadRequest, "sessionId is missing; it is the application's (client) id.");
        }

        if (!TryParseDuration(request.ExpirationDuration, out var requested))
        {
            return BadDuration(context, request.ExpirationDuration);
        }

        var lifetime = requested ?? SessionPresence.MinimumDuration;
        if (lifetime < SessionPresence.MinimumDuration || lifetime > SessionPresence.MaximumDuration)
        {
            return GraphError.Result(context, StatusCodes.Status400BadRequest, $"expirationDuration is {lifetime}; it must be between PT5M and PT4H.");
        }

        if (SessionPresence.Publication(request.SessionId, request.Availability, request.Activity, lifetime) is not { } publication)
        {
            return GraphError.Result(context, StatusCodes.Status400BadRequest, $"{request.Availability}/{request.Activity} is not a session presence; allowed are {SessionPresence.Allowed}.");
        }

        await Presence(grains, self).PublishEndpointAsync(publication);
        return TypedResults.Ok();
    }

    private static async Task<IResult> ClearSessionAsync(string? id, SessionRequest request, ClaimsPrincipal user, HttpContext context, IGrainFactory grains, IOptions<UserAuthenticationOptions> options)
    {
        if (Own(id, user, options.Value) is not { } self)
        {
            return NotYours(context);
        }

        if (string.IsNullOrWhiteSpace(request.SessionId))
        {
            return GraphError.Result(context, StatusCodes.Status400BadRequest, "sessionId is missing; it is the application's (client) id.");
        }

        // An unknown session is NotFoundException, answered 404 in Graph's envelope.
        await Presence(grains, self).RemoveEndpointAsync(SessionPresence.EndpointId(request.SessionId));
        return TypedResults.Ok();
    }

    private static async Task<IResult> SetPreferredAsync(string? id, PreferredPresenceRequest request, ClaimsPrincipal user, HttpContext context, IGrainFactory grains, IOptions<UserAuthenticationOptions> options)
    {
        if (Own(id, user, options.Value) is not { } self)
        {
            return NotYours(context);
        }

        if (!TryParseDuration(request.ExpirationDuration, out var requested))
        {
            return BadDuration(context, request.ExpirationDuration);
        }

        if (!PreferredPresence.TryMap(request.Availability, request.Activity, requested, out var state, out var expiresAfter))
        {
            return GraphError.Result(context, StatusCodes.Status400BadRequest, $"{request.Availability}/{request.Activity} is not a preferred presence; allowed are {PreferredPresence.Allowed}.");
        }

        await Presence(grains, self).SetManualStateAsync(state, expiresAfter);
        return TypedResults.Ok();
    }

    private static async Task<IResult> ClearPreferredAsync(string? id, ClaimsPrincipal user, HttpContext context, IGrainFactory grains, IOptions<UserAuthenticationOptions> options)
    {
        if (Own(id, user, options.Value) is not { } self)
        {
            return NotYours(context);
        }

        await Presence(grains, self).ClearManualStateAsync();
        return TypedResults.Ok();
    }

    private static async Task<IResult> SetStatusMessageAsync(string? id, StatusMessageRequest request, ClaimsPrincipal user, HttpContext context, IGrainFactory grains, IOptions<UserAuthenticationOptions> options)
    {
        if (Own(id, user, options.Value) is not { } self)
        {
            return NotYours(context);
        }

        if (request.StatusMessage?.Message is { } message && !string.Equals(message.ContentType ?? "text", "text", StringComparison.OrdinalIgnoreCase))
        {
            return GraphError.Result(context, StatusCodes.Status400BadRequest, $"statusMessage.message.contentType is '{message.ContentType}'; only text is supported.");
        }

        await Presence(grains, self).SetNoteAsync(request.StatusMessage?.Message?.Content);
        return TypedResults.Ok();
    }

    /// <summary>The caller, when the route names the caller (or is under <c>/me</c>); null when it names someone else.</summary>
    private static SipUri? Own(string? id, ClaimsPrincipal user, UserAuthenticationOptions options)
    {
        var self = UserIdentity.Of(user, options.UserClaim);
        return id is null || UserIdentity.Parse(id) == self ? self : null;
    }

    /// <summary>Graph's <c>expirationDuration</c>, an ISO 8601 duration (PT1H); none given is null.</summary>
    private static bool TryParseDuration(string? text, out TimeSpan? duration)
    {
        duration = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        try
        {
            duration = XmlConvert.ToTimeSpan(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static IResult BadDuration(HttpContext context, string? text) =>
        GraphError.Result(context, StatusCodes.Status400BadRequest, $"expirationDuration '{text}' is not an ISO 8601 duration such as PT1H.");

    private static IResult NotYours(HttpContext context) =>
        GraphError.Result(context, StatusCodes.Status403Forbidden, "A user may set only their own presence.");

    private static IPresenceGrain Presence(IGrainFactory grains, SipUri user) => grains.GetGrain<IPresenceGrain>(UserGrainKey.For(user));
}
