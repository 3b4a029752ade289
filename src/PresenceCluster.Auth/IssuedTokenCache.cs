using System.Collections.Concurrent;

namespace PresenceCluster.Auth;

/// <summary>
/// Reuses issued tokens per partner (and user) until shortly before they expire, so that a busy connector signs
/// once per token lifetime rather than once per call.
/// </summary>
public sealed class IssuedTokenCache(TimeProvider time, TimeSpan tokenLifetime)
{
    private readonly ConcurrentDictionary<(string Partner, string? User), (string Token, DateTimeOffset RenewAt)> _tokens = new();

    /// <summary>How long before expiry a cached token is replaced: a tenth of the lifetime, at most five minutes.</summary>
    public TimeSpan RenewBefore { get; } = TimeSpan.FromTicks(Math.Min(tokenLifetime.Ticks / 10, TimeSpan.FromMinutes(5).Ticks));

    /// <summary>The cached token for the partner and user, or a new one from <paramref name="issue"/>.</summary>
    public string GetOrIssue(string partner, string? user, Func<string> issue)
    {
        var now = time.GetUtcNow();
        if (_tokens.TryGetValue((partner, user), out var cached) && now < cached.RenewAt)
        {
            return cached.Token;
        }

        var token = issue();
        _tokens[(partner, user)] = (token, now + tokenLifetime - RenewBefore);
        return token;
    }
}
