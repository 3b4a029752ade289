using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using PresenceCluster.Http.Authentication;
using PresenceCluster.Http.Graph;

namespace PresenceCluster.Http.Hosting;

/// <summary>
/// One fixed-window budget per caller — the signed-in user, the partner, or the address of a caller without an
/// accepted token — on every API route; beyond it 429 with <c>Retry-After</c>, in Graph's envelope under
/// <c>/v1.0</c> and as problem details elsewhere.
/// </summary>
public static class CallerRateLimits
{
    /// <summary>The policy the API routes require.</summary>
    public const string Policy = "per-caller";

    /// <summary>
    /// The policy of the webhook routes Exchange posts to: per sending address, with the larger
    /// <see cref="RateLimitOptions.NotificationRequests"/> budget, because one sender delivers for every mailbox.
    /// </summary>
    public const string NotificationPolicy = "per-notification-sender";

    public static IServiceCollection AddCallerRateLimits(this IServiceCollection services, RateLimitOptions limits) =>
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(Policy, context =>
            {
                var (key, permits) = Caller(context, limits);
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = limits.Window,
                    QueueLimit = 0,
                });
            });
            options.AddPolicy(NotificationPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                "sender:" + context.Connection.RemoteIpAddress,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.NotificationRequests, Window = limits.Window, QueueLimit = 0 }));
            options.OnRejected = (rejected, cancellationToken) =>
            {
                var context = rejected.HttpContext;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limits.Window;
                var permits = context.Request.Path.StartsWithSegments(Exchange.CalendarNotificationsApi.Path, StringComparison.OrdinalIgnoreCase) ? limits.NotificationRequests : Caller(context, limits).Permits;
                return WriteTooManyAsync(context, retryAfter, $"Too many requests: at most {permits} per {limits.Window.TotalSeconds:0} s for this caller. Retry after the time in Retry-After.");
            };
        });

    /// <summary>429 with <c>Retry-After</c>: Graph's envelope under <c>/v1.0</c>, problem details elsewhere.</summary>
    public static async ValueTask WriteTooManyAsync(HttpContext context, TimeSpan retryAfter, string message)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        if (GraphError.IsGraphRequest(context))
        {
            await GraphError.WriteAsync(context, StatusCodes.Status429TooManyRequests, message);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = message },
        });
    }

    private static (string Key, int Permits) Caller(HttpContext context, RateLimitOptions limits)
    {
        if (context.User.FindFirst(S2SAuthenticationDefaults.PartnerClaim)?.Value is { } partner)
        {
            return ("partner:" + partner, limits.PartnerRequests);
        }

        if (context.User.Identity?.IsAuthenticated == true && context.User.Identity.AuthenticationType is { } scheme)
        {
            return ($"user:{scheme}:{context.User.FindFirst("sub")?.Value ?? context.User.Identity.Name}", limits.UserRequests);
        }

        return ("address:" + context.Connection.RemoteIpAddress, limits.AnonymousRequests);
    }
}
