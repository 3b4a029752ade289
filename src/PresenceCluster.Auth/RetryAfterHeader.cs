using System.Net.Http.Headers;

namespace PresenceCluster.Auth;

/// <summary>A server's <c>Retry-After</c>, in either of its forms (seconds, or an HTTP date), as a wait from now.</summary>
public static class RetryAfterHeader
{
    /// <summary>The wait <paramref name="header"/> asks for; null without one.</summary>
    public static TimeSpan? Of(RetryConditionHeaderValue? header) =>
        header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);

    /// <summary>The wait a raw <c>Retry-After</c> value asks for; null when absent or unreadable.</summary>
    public static TimeSpan? Parse(string? value) =>
        RetryConditionHeaderValue.TryParse(value, out var header) ? Of(header) : null;
}
