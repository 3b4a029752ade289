namespace PresenceCluster.Auth;

/// <summary>
/// A private key or the file holding it cannot be used: missing, unreadable, too weak, or readable by other users.
/// The message names the file and what to do; the silo refuses to start with it.
/// </summary>
public sealed class KeyMaterialException : InvalidOperationException
{
    public KeyMaterialException(string message)
        : base(message)
    {
    }

    public KeyMaterialException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
