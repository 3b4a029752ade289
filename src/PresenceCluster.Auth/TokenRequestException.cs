using System.Net;

namespace PresenceCluster.Auth;

/// <summary>The token server refused or could not answer a token request; the message says which and why.</summary>
public sealed class TokenRequestException : Exception
{
    public TokenRequestException(string message, HttpStatusCode? status = null, string? error = null, Exception? inner = null)
        : base(message, inner)
    {
        Status = status;
        Error = error;
    }

    public TokenRequestException()
    {
    }

    public TokenRequestException(string message)
        : base(message)
    {
    }

    public TokenRequestException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The HTTP status of the last answer, if there was one.</summary>
    public HttpStatusCode? Status { get; }

    /// <summary>The OAuth error code the server gave (for example <c>invalid_client</c>), if any.</summary>
    public string? Error { get; }
}
