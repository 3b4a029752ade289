namespace PresenceCluster.Silo.Hosting;

/// <summary>Which durable store holds contacts, manual state and notes. Section <c>Storage</c> of the configuration.</summary>
public sealed class StorageHostingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Storage";

    /// <summary>The embedded SQLite store (see <c>Storage:Sqlite</c>), for one machine.</summary>
    public const string Sqlite = "Sqlite";

    /// <summary>PostgreSQL through Orleans' ADO.NET provider (<c>ConnectionStrings:PostgreSql</c>), for a cluster.</summary>
    public const string PostgreSql = "PostgreSql";

    /// <summary>The store: <c>Sqlite</c> or <c>PostgreSql</c>. Default <c>Sqlite</c>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>Every problem with these options; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate() =>
        string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase) || string.Equals(Provider, PostgreSql, StringComparison.OrdinalIgnoreCase)
            ? []
            : [$"Storage:Provider is '{Provider}'; it must be '{Sqlite}' or '{PostgreSql}'."];
}
