using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using PresenceCluster.Auth;
using PresenceCluster.Errors;
using PresenceCluster.Grains;
using PresenceCluster.Identity;
using PresenceCluster.Partners;
using PresenceCluster.Presence;

namespace PresenceCluster.Http;

/// <summary>
/// <c>POST /partner/v1/presence</c>: a partner (SharePoint, …) sends a JSON array of up to the batch size of SIP URIs
/// with an S2S bearer token and gets their views, from the same read index the SDK's batch queries use. An app-only
/// token sees the views of <see cref="OAuthOptions.AppOnlyAccessLevel"/>; a user-delegated token sees what that user
/// may see. Errors are problem details; a refused token is a 401 with the Bearer challenge.
/// </summary>
public sealed partial class PartnerPresenceApi(S2STokenValidator validator, IGrainFactory grains, OAuthOptions options, int maxBatchSize, ILogger<PartnerPresenceApi> logger)
{
    /// <summary>The route.</summary>
    public const string Path = "/partner/v1/presence";

    /// <summary>How views are written: camelCase, enums by name, absent categories left out.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Maps the route.</summary>
    public void Map(IEndpointRouteBuilder routes) => routes.MapPost(Path, (Delegate)HandleAsync);

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Unauthorized(context, "A bearer token is required.", null);
        }

        var outcome = await validator.ValidateAsync(header["Bearer ".Length..].Trim());
        if (!outcome.Succeeded)
        {
            LogTokenRefused(logger, (int)outcome.Failure, outcome.Failure);
            return Unauthorized(context, "The token was refused.", outcome.Failure);
        }

        if (!outcome.Partner!.Operations.HasFlag(PartnerOperations.PresenceRead))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Operation not allowed", detail: $"Partner {outcome.Partner.ApplicationId} may not read presence.");
        }

        string[]? requested;
        try
        {
            requested = await context.Request.ReadFromJsonAsync<string[]>(Json, context.RequestAborted);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or BadHttpRequestException)
        {
            return BadRequest($"The body must be a JSON array of SIP URIs ({exception.Message}).");
        }

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
        PresenceView[] views;
        try
        {
            views = outcome.User is null
                ? await query.QueryForLevelAsync(options.AppOnlyAccessLevel, targets)
                : await query.QueryAsync(WatcherOf(outcome.User), targets);
        }
        catch (InvalidInputException exception)
        {
            return BadRequest(exception.Message);
        }

        return Results.Json(new PartnerPresenceResponse(views), Json);
    }

    /// <summary>The user a delegated token acts for, as a SIP URI (tokens may carry it with or without the scheme).</summary>
    private static string WatcherOf(string user) =>
        SipUri.Parse(user.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) ? user : "sip:" + user, "user").Value;

    private IResult Unauthorized(HttpContext context, string detail, TokenFailure? failure)
    {
        context.Response.Headers.WWWAuthenticate = BearerChallenge.For(options, tokenRefused: failure is not null);
        return Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: detail,
            extensions: failure is { } reason ? new Dictionary<string, object?> { ["reason"] = reason.ToString(), ["reasonCode"] = (int)reason } : null);
    }

    private static IResult BadRequest(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Partner token refused: {ReasonCode} {Reason}")]
    private static partial void LogTokenRefused(ILogger logger, int reasonCode, TokenFailure reason);
}
