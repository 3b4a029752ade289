namespace PresenceCluster.PostgreSqlTests.Infrastructure;

/// <summary>
/// Appends the figures of the resilience tests to the file named by PRESENCE_TEST_REPORT (.ci/run prints it), so
/// that a run shows writes acknowledged, writes found and seconds of degraded service.
/// </summary>
public static class ResilienceReport
{
    private static readonly Lock Gate = new();

    public static void Write(string line)
    {
        var path = Environment.GetEnvironmentVariable("PRESENCE_TEST_REPORT");
        if (string.IsNullOrWhiteSpace(path))
        {
            return;
        }

        lock (Gate)
        {
            File.AppendAllText(path, line + Environment.NewLine);
        }
    }
}
