using Microsoft.Extensions.Options;
using PresenceCluster.Auth;

namespace PresenceCluster.OAuth;

/// <summary>Checks <see cref="OAuthOptions"/> at start-up. Without a realm OAuth is off and nothing else is checked.</summary>
internal sealed class OAuthOptionsValidator : IValidateOptions<OAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, OAuthOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Realm))
        {
            return ValidateOptionsResult.Success;
        }

        var failures = options.Validate();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
