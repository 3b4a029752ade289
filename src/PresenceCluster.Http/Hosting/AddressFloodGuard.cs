using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace PresenceCluster.Http.Hosting;

/// <summary>
/// Counts every request per client address before any token is checked — refused tokens and anonymous calls
/// included, which the per-caller budgets (counted after authentication) never see — and answers 429 beyond
/// <see cref="RateLimitOptions.AddressRequests"/> per window. Health probes are not counted.
/// </summary>
public sealed class AddressFloodGuard : IDisposable
{
    private readonly RequestDelegate _next;
    private readonly RateLimitOptions _limits;
    private readonly PartitionedRateLimiter<HttpContext> _limiter;

    public AddressFloodGuard(RequestDelegate next, IOptions<RateLimitOptions> limits)
    {
        _next = next;
        _limits = limits.Value;
        _limiter = PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = _limits.AddressRequests, Window = _limits.Window, QueueLimit = 0 }));
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
        {
            await _next(context);
            return;
        }

        using var lease = _limiter.AttemptAcquire(context);
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : _limits.Window;
            await CallerRateLimits.WriteTooManyAsync(context, retryAfter, $"Too many requests from this address: at most {_limits.AddressRequests} per {_limits.Window.TotalSeconds:0} s. Retry after the time in Retry-After.");
            return;
        }

        await _next(context);
    }

    public void Dispose() => _limiter.Dispose();
}
