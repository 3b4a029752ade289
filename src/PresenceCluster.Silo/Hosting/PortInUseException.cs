namespace PresenceCluster.Silo.Hosting;

/// <summary>A port the silo is configured to listen on is taken; the message names the setting.</summary>
public sealed class PortInUseException : InvalidOperationException
{
    public PortInUseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
