namespace PresenceCluster.Http.Users;

/// <summary>When the development sign-in is served.</summary>
public enum DevSignInMode
{
    /// <summary>While HTTP listens on loopback only (the default): a developer's machine.</summary>
    Auto,

    /// <summary>Always; refused at start-up unless HTTP listens on loopback only.</summary>
    On,

    /// <summary>Never.</summary>
    Off,
}

/// <summary>How end users authenticate to the HTTP API. Section <c>Auth:Users</c>.</summary>
public sealed class UserAuthenticationOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Auth:Users";

    /// <summary>The issuer of the cluster's own (development sign-in) user tokens.</summary>
    public const string DevIssuer = "presencecluster-dev";

    /// <summary>
    /// An OpenID Connect provider whose bearer tokens identify users (for example
    /// <c>https://login.microsoftonline.com/&lt;tenant&gt;/v2.0</c>); its signing keys come from its discovery document.
    /// Empty (the default): only the cluster's own development sign-in tokens.
    /// </summary>
    public Uri? Authority { get; set; }

    /// <summary>The audience tokens must be addressed to. Default <c>presencecluster</c>.</summary>
    public string Audience { get; set; } = "presencecluster";

    /// <summary>The claim that names the user: a SIP URI, or a UPN/e-mail address read as <c>sip:</c> that address. Default <c>preferred_username</c>.</summary>
    public string UserClaim { get; set; } = "preferred_username";

    /// <summary><c>Auto</c> (default: on while HTTP listens on loopback only), <c>On</c> or <c>Off</c>.</summary>
    public DevSignInMode DevSignIn { get; set; } = DevSignInMode.Auto;

    /// <summary>How long development sign-in tokens live (1 minute–1 day). Default 8 hours.</summary>
    public TimeSpan DevTokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>The shortest lifetime of a token the cluster issues.</summary>
    public static readonly TimeSpan MinTokenLifetime = TimeSpan.FromMinutes(1);

    /// <summary>The longest lifetime of a token the cluster issues.</summary>
    public static readonly TimeSpan MaxTokenLifetime = TimeSpan.FromDays(1);

    /// <summary>Every problem with these options, given whether HTTP listens on loopback only; empty when valid.</summary>
    public IReadOnlyList<string> Validate(bool loopbackOnly)
    {
        var failures = new List<string>();
        if (Authority is { } authority && (!authority.IsAbsoluteUri || authority.Scheme != Uri.UriSchemeHttps && !authority.IsLoopback))
        {
            failures.Add($"Auth:Users:Authority '{authority}' must be an absolute https URL (http only on loopback).");
        }

        if (string.IsNullOrWhiteSpace(Audience) || string.IsNullOrWhiteSpace(UserClaim))
        {
            failures.Add("Auth:Users:Audience and Auth:Users:UserClaim must not be empty.");
        }

        if (DevSignIn == DevSignInMode.On && !loopbackOnly)
        {
            failures.Add("Auth:Users:DevSignIn is On, but HTTP listens beyond loopback: the development sign-in issues a token for any user who asks. Set Auth:Users:Authority to your identity provider, or listen on localhost.");
        }

        if (DevTokenLifetime < MinTokenLifetime || DevTokenLifetime > MaxTokenLifetime)
        {
            failures.Add($"Auth:Users:DevTokenLifetime is {DevTokenLifetime}; it must be between 00:01:00 and 1.00:00:00.");
        }

        return failures;
    }

    /// <summary>Whether the development sign-in is served, given whether HTTP listens on loopback only.</summary>
    public bool DevSignInEnabled(bool loopbackOnly) => DevSignIn switch
    {
        DevSignInMode.On => true,
        DevSignInMode.Off => false,
        _ => loopbackOnly,
    };
}
