namespace PresenceCluster.Errors;

/// <summary>The call named something that does not exist (an endpoint, a contact, a group).</summary>
[GenerateSerializer, Alias("PresenceCluster.NotFoundException")]
public sealed class NotFoundException : PresenceClusterException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">What was looked for, for example "endpoint".</param>
    /// <param name="name">The id or URI that was not found.</param>
    public NotFoundException(string kind, string name)
        : base($"No {kind} '{name}' exists.")
    {
        Kind = kind;
        Name = name;
    }

    /// <summary>What was looked for.</summary>
    [Id(0)]
    public string Kind { get; }

    /// <summary>The id or URI that was not found.</summary>
    [Id(1)]
    public string Name { get; }
}
