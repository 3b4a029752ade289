namespace PresenceCluster.Errors;

/// <summary>A call would exceed a configured limit (contacts, groups, endpoints, batch size).</summary>
[GenerateSerializer, Alias("PresenceCluster.LimitReachedException")]
public sealed class LimitReachedException : PresenceClusterException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="limitName">What is limited, for example "contacts per user".</param>
    /// <param name="limit">The configured limit.</param>
    public LimitReachedException(string limitName, int limit)
        : base($"The limit of {limit} {limitName} would be exceeded.")
    {
        LimitName = limitName;
        Limit = limit;
    }

    /// <summary>What is limited.</summary>
    [Id(0)]
    public string LimitName { get; }

    /// <summary>The configured limit.</summary>
    [Id(1)]
    public int Limit { get; }
}
