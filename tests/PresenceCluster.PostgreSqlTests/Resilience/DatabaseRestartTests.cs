using PresenceCluster.PostgreSqlTests.Infrastructure;
using Xunit.Abstractions;

namespace PresenceCluster.PostgreSqlTests.Resilience;

/// <summary>PostgreSQL restarts in the middle of a write load: calls fail clearly meanwhile, none acknowledged is lost, the cluster recovers by itself.</summary>
public sealed class DatabaseRestartTests(ITestOutputHelper output)
{
    [PostgresFact]
    public async Task RestartPostgreSql_UnderWriteLoad_RecoversWithNothingAcknowledgedLost()
    {
        await using var cluster = await PostgresCluster.StartNewAsync(silos: 2);
        await using var sdk = await cluster.ConnectSdkClientAsync();
        var load = new PresenceLoad([cluster.Client, sdk], users: 16);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(workers: 4, stop.Token);

        await Task.Delay(TimeSpan.FromSeconds(2));
        var acknowledgedBefore = load.AcknowledgedWrites;
        var restartedAt = load.Now;
        await PostgresServer.RestartAsync();
        var backAt = load.Now;
        await load.WaitForQuietAsync(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(90));
        var degraded = load.LastFailure is { } last && last > restartedAt ? (last - restartedAt).TotalSeconds : 0;
        var acknowledgedAfterRecovery = load.AcknowledgedWrites;
        await Task.Delay(TimeSpan.FromSeconds(1));
        await stop.CancelAsync();
        await running;
        var (acknowledged, found, problems) = await load.VerifyAsync(sdk);

        var line = $"database restart: server down for {(backAt - restartedAt).TotalSeconds:F1} s; contact writes acknowledged {acknowledged}, found {found}; all writes acknowledged {load.AcknowledgedWrites}; failed calls {load.FailedCalls}; degraded {degraded:F1} s";
        output.WriteLine(line);
        ResilienceReport.Write(line);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Equal(acknowledged, found);
        Assert.True(acknowledgedAfterRecovery > acknowledgedBefore, "no write was acknowledged after the restart");
        Assert.True(degraded < 90, $"still failing {degraded:F1} s after the restart");
    }
}
