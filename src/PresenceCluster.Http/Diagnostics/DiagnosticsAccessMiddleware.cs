using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using PresenceCluster.Http.Hosting;

namespace PresenceCluster.Http.Diagnostics;

/// <summary>
/// Serves the pages that reveal the cluster's internals — the Orleans dashboard, <c>/metrics</c>, the OpenAPI
/// document and its reference page — to loopback callers only, unless <see cref="HttpHostOptions.ExposeDiagnostics"/>
/// opens them. Anyone else gets 403 with a problem saying how to open them.
/// </summary>
public sealed class DiagnosticsAccessMiddleware(RequestDelegate next, IOptions<HttpHostOptions> options, IProblemDetailsService problems)
{
    /// <summary>The path prefixes guarded.</summary>
    public static readonly string[] GuardedPaths = [PresenceHttpPaths.Dashboard, PresenceHttpPaths.Metrics, PresenceHttpPaths.OpenApi, PresenceHttpPaths.ApiReference];

    public async Task InvokeAsync(HttpContext context)
    {
        if (options.Value.ExposeDiagnostics
            || !GuardedPaths.Any(path => context.Request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase))
            || context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Served to this machine only",
                Detail = "The dashboard, /metrics and the API description reveal the cluster's internals and are served to loopback callers only. "
                    + "Set Http:ExposeDiagnostics=true to serve them to every caller (behind a network boundary of your own).",
            },
        });
    }
}
