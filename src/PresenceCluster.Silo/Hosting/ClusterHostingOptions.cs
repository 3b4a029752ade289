using System.Net;

namespace PresenceCluster.Silo.Hosting;

/// <summary>How the silo joins its cluster. Section <c>Cluster</c> of the configuration.</summary>
public sealed class ClusterHostingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Cluster";

    /// <summary>One silo on this machine; no database.</summary>
    public const string Localhost = "Localhost";

    /// <summary>Membership in PostgreSQL (<c>ConnectionStrings:PostgreSql</c>); any number of silos.</summary>
    public const string PostgreSql = "PostgreSql";

    /// <summary>Membership: <c>Localhost</c> or <c>PostgreSql</c>. Default <c>Localhost</c>.</summary>
    public string Provider { get; set; } = Localhost;

    /// <summary>The cluster's id; silos and clients with the same id form one cluster. Default <c>presence</c>.</summary>
    public string ClusterId { get; set; } = "presence";

    /// <summary>The service's id; it keys stored grain state, so keep it stable across deployments. Default <c>PresenceCluster</c>.</summary>
    public string ServiceId { get; set; } = "PresenceCluster";

    /// <summary>The port silos talk to each other on (1–65535). Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port clients connect to (1–65535). Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The address other silos and clients reach this silo at (with <c>PostgreSql</c> membership). Default
    /// <c>127.0.0.1</c>, for silos on one machine; set the host's address when silos run on several hosts.
    /// </summary>
    public string AdvertisedIP { get; set; } = "127.0.0.1";

    /// <summary>
    /// The address the gateway (the Orleans client port: the .NET SDK, presencectl) listens on. Default
    /// <c>127.0.0.1</c>: the gateway is a trusted-server interface, not an end-user one, so it is not reachable from
    /// other machines until this says so. Set the host's address or <c>0.0.0.0</c> when SDK clients or presencectl run
    /// elsewhere; keep that network private.
    /// </summary>
    public string GatewayListenAddress { get; set; } = "127.0.0.1";

    /// <summary>This silo's name in logs, the dashboard and the ready line. Default <c>&lt;host name&gt;-&lt;silo port&gt;</c>.</summary>
    public string SiloName { get; set; } = string.Empty;

    /// <summary>
    /// How long a silo waits for another's answer to a liveness probe (1 s–1 min). Default 5 s (Orleans' own). A crashed
    /// silo is declared dead after about <see cref="ProbeTimeout"/> × <see cref="MissedProbesLimit"/> plus a vote;
    /// until then calls to its grains wait, and watchers of its users learn nothing new. Shorter detects crashes
    /// sooner but risks declaring a silo dead during a long pause (a full garbage collection on a busy machine).
    /// </summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many probes in a row a silo may miss before others vote it dead (1–10). Default 3 (Orleans' own).</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>The silo name to use: <see cref="SiloName"/>, or the host name and silo port.</summary>
    public string EffectiveSiloName => string.IsNullOrWhiteSpace(SiloName) ? $"{Dns.GetHostName()}-{SiloPort}" : SiloName;

    /// <summary>Every problem with these options, as messages naming the setting; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (!string.Equals(Provider, Localhost, StringComparison.OrdinalIgnoreCase) && !string.Equals(Provider, PostgreSql, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"Cluster:Provider is '{Provider}'; it must be '{Localhost}' or '{PostgreSql}'.");
        }

        if (string.IsNullOrWhiteSpace(ClusterId) || string.IsNullOrWhiteSpace(ServiceId))
        {
            failures.Add("Cluster:ClusterId and Cluster:ServiceId must not be empty.");
        }

        if (SiloPort is < 1 or > 65535 || GatewayPort is < 1 or > 65535 || SiloPort == GatewayPort)
        {
            failures.Add($"Cluster:SiloPort ({SiloPort}) and Cluster:GatewayPort ({GatewayPort}) must be different ports between 1 and 65535.");
        }

        if (!IPAddress.TryParse(AdvertisedIP, out _))
        {
            failures.Add($"Cluster:AdvertisedIP '{AdvertisedIP}' is not an IP address.");
        }

        if (ProbeTimeout < TimeSpan.FromSeconds(1) || ProbeTimeout > TimeSpan.FromMinutes(1))
        {
            failures.Add($"Cluster:ProbeTimeout is {ProbeTimeout}; it must be between 00:00:01 and 00:01:00.");
        }

        if (MissedProbesLimit is < 1 or > 10)
        {
            failures.Add($"Cluster:MissedProbesLimit is {MissedProbesLimit}; it must be between 1 and 10.");
        }

        if (!IPAddress.TryParse(GatewayListenAddress, out _))
        {
            failures.Add($"Cluster:GatewayListenAddress '{GatewayListenAddress}' is not an IP address.");
        }

        return failures;
    }
}
