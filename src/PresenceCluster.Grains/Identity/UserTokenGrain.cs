using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using PresenceCluster.Errors;
using PresenceCluster.Grains;
using PresenceCluster.Identity;

namespace PresenceCluster.Identity;

/// <summary>Issues user tokens through the silo's <see cref="IUserTokenIssuer"/>; logs each one (who, not the token).</summary>
[StatelessWorker]
internal sealed partial class UserTokenGrain(IServiceProvider services, ILogger<UserTokenGrain> logger) : Grain, IUserTokenGrain
{
    Task<IssuedUserToken> IUserTokenGrain.IssueAsync(string user, TimeSpan? lifetime)
    {
        var issuer = services.GetService<IUserTokenIssuer>()
            ?? throw new NotConfiguredException("Http", "This silo has no HTTP host to accept user tokens.");
        var uri = SipUri.Parse(user, "user");
        var token = issuer.Issue(uri, lifetime);
        LogIssued(logger, uri.Value, token.ExpiresAt);
        return Task.FromResult(token);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Issued a user token for {User} through the gateway, valid until {ExpiresAt:u}")]
    private static partial void LogIssued(ILogger logger, string user, DateTimeOffset expiresAt);
}
