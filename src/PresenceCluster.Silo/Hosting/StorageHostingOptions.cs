namespace PresenceCluster.Silo.Hosting;

/// <summary>Which durable store holds contacts, manual state and notes. Section <c>Storage</c> of the configuration.</summary>
public sealed class StorageHostingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Storage";

    /// <summary>The embedded SQLite store (see <c>Storage:Sqlite</c>).</summary>
    public const string Sqlite = "Sqlite";

    /// <summary>The store: <c>Sqlite</c> is the only provider so far. Default <c>Sqlite</c>.</summary>
    public string Provider { get; set; } = Sqlite;
}
