using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace PresenceCluster.Http.Graph;

/// <summary>
/// Microsoft Graph's error envelope, which Graph clients parse: <c>{"error":{"code","message","innerError":{"request-id","date"}}}</c>.
/// Every refusal under <c>/v1.0</c> is written this way.
/// </summary>
public sealed record class GraphError([property: JsonPropertyName("error")] GraphError.Body Error)
{
    /// <summary>The path prefix of the Graph-compatible API.</summary>
    public const string PathPrefix = "/v1.0";

    /// <summary>The error itself.</summary>
    public sealed record class Body(
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("message")] string Message,
        [property: JsonPropertyName("innerError")] Inner InnerError);

    /// <summary>Where and when, for support.</summary>
    public sealed record class Inner(
        [property: JsonPropertyName("request-id")] string RequestId,
        [property: JsonPropertyName("date")] DateTimeOffset Date);

    /// <summary>The Graph code of an HTTP status.</summary>
    public static string CodeOf(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "invalidRequest",
        StatusCodes.Status401Unauthorized => "InvalidAuthenticationToken",
        StatusCodes.Status403Forbidden => "accessDenied",
        StatusCodes.Status404NotFound => "itemNotFound",
        StatusCodes.Status409Conflict => "conflict",
        StatusCodes.Status413PayloadTooLarge => "requestTooLarge",
        StatusCodes.Status429TooManyRequests => "TooManyRequests",
        StatusCodes.Status503ServiceUnavailable => "serviceNotAvailable",
        _ => "generalException",
    };

    /// <summary>A typed result with the envelope.</summary>
    public static IResult Result(HttpContext context, int status, string message) =>
        TypedResults.Json(For(context, status, message), statusCode: status);

    /// <summary>Writes the envelope as the response.</summary>
    public static Task WriteAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(For(context, status, message));
    }

    /// <summary>True for requests to the Graph-compatible API.</summary>
    public static bool IsGraphRequest(HttpContext context) => context.Request.Path.StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The <c>@odata.context</c> of <paramref name="entity"/> on this host, as Graph writes it.</summary>
    public static string ODataContext(HttpContext context, string entity) =>
        $"{context.Request.Scheme}://{context.Request.Host}{PathPrefix}/$metadata#{entity}";

    private static GraphError For(HttpContext context, int status, string message) =>
        new(new Body(CodeOf(status), message, new Inner(context.TraceIdentifier, DateTimeOffset.UtcNow)));
}
