namespace PresenceCluster.Http.Graph;

/// <summary>The Graph-compatible API. Section <c>Graph</c>.</summary>
public sealed class GraphOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Graph";

    /// <summary>Ids per <c>getPresencesByUserId</c> (1–1000). Default 650, as Microsoft Graph.</summary>
    public int MaxPresenceIds { get; set; } = 650;

    /// <summary>Every problem with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate() =>
        MaxPresenceIds is < 1 or > 1000 ? [$"Graph:MaxPresenceIds is {MaxPresenceIds}; it must be between 1 and 1000."] : [];
}
