namespace PresenceCluster.OAuth;

/// <summary>A partner's metadata document could not be fetched or read; the message says which and why.</summary>
public sealed class PartnerMetadataException : Exception
{
    public PartnerMetadataException(string message)
        : base(message)
    {
    }

    public PartnerMetadataException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public PartnerMetadataException()
    {
    }
}
