namespace PresenceCluster.PostgreSqlTests.Infrastructure;

/// <summary>
/// A test that needs PostgreSQL. Without a server it is skipped on a developer's machine, with the reason; in CI
/// (CI=true) it is never skipped, so a CI run without PostgreSQL fails instead of passing quietly.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.Unavailable is { } reason && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = reason;
        }
    }
}
