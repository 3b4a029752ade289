namespace PresenceCluster.Silo.Hosting;

/// <summary>How the silo joins its cluster. Section <c>Cluster</c> of the configuration.</summary>
public sealed class ClusterHostingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Cluster";

    /// <summary>Membership: <c>Localhost</c> (one machine, no database) is the only provider so far. Default <c>Localhost</c>.</summary>
    public string Provider { get; set; } = "Localhost";

    /// <summary>The cluster's id; silos and clients with the same id form one cluster. Default <c>presence</c>.</summary>
    public string ClusterId { get; set; } = "presence";

    /// <summary>The service's id; it keys stored grain state, so keep it stable across deployments. Default <c>PresenceCluster</c>.</summary>
    public string ServiceId { get; set; } = "PresenceCluster";

    /// <summary>The port silos talk to each other on (1–65535). Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port clients connect to (1–65535). Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;
}
