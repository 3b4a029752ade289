namespace PresenceCluster.Auth;

/// <summary>Which URLs the cluster fetches keys or tokens from: https, or plain http only on this machine.</summary>
public static class SecureEndpoint
{
    /// <summary>True for an absolute https URL, or an http URL on loopback (tests, a local proxy).</summary>
    public static bool IsAllowed(Uri? url) =>
        url is { IsAbsoluteUri: true } && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback));
}
