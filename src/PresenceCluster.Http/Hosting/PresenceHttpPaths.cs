namespace PresenceCluster.Http.Hosting;

/// <summary>Where the silo's HTTP endpoint serves what it serves.</summary>
public static class PresenceHttpPaths
{
    /// <summary>Liveness: the process answers.</summary>
    public const string Live = "/health/live";

    /// <summary>Readiness: the silo is an active member and storage answers.</summary>
    public const string Ready = "/health/ready";

    /// <summary>Prometheus scrape endpoint.</summary>
    public const string Metrics = "/metrics";

    /// <summary>The Orleans dashboard.</summary>
    public const string Dashboard = "/dashboard";

    /// <summary>OpenAPI documents (<c>/openapi/v1.json</c>).</summary>
    public const string OpenApi = "/openapi";

    /// <summary>The OpenAPI document of every route.</summary>
    public const string OpenApiDocument = "/openapi/v1.json";

    /// <summary>The interactive API reference page.</summary>
    public const string ApiReference = "/scalar";
}
