using PresenceCluster.Client;
using PresenceCluster.PostgreSqlTests.Infrastructure;
using Xunit.Abstractions;

namespace PresenceCluster.PostgreSqlTests.Resilience;

/// <summary>
/// A three-silo cluster over PostgreSQL under continuous load from three clients: one silo is killed, later one is
/// stopped gracefully and a new one added. Every acknowledged write must be there afterwards.
/// </summary>
public sealed class SiloFailureTests(ITestOutputHelper output)
{
    private const int Workers = 6;
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    [PostgresFact]
    public async Task KillOneSilo_ThenReplaceOneGracefully_NoAcknowledgedWriteIsLost()
    {
        await using var cluster = await PostgresCluster.StartNewAsync(silos: 3);
        await using var sdkA = await cluster.ConnectSdkClientAsync();
        await using var sdkB = await cluster.ConnectSdkClientAsync();
        var load = new PresenceLoad([cluster.Client, sdkA, sdkB], users: 24);

        // Phase 1: kill a silo under load; stop the load before checking, so that nothing is in flight.
        var stop = new CancellationTokenSource();
        var running = load.RunAsync(Workers, stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var killedAt = load.Now;
        await cluster.Cluster.KillSiloAsync(cluster.Cluster.Silos[^1]);
        await load.WaitForQuietAsync(Quiet, Limit);
        var killDegraded = Degraded(load, killedAt);
        var killFailures = load.FailedCalls;
        await stop.CancelAsync();
        await running;
        stop.Dispose();
        var afterKill = await CheckAsync("kill", load, sdkA, killDegraded);

        // Phase 2: under load again, stop a silo gracefully and add a new one.
        using var stopAgain = new CancellationTokenSource();
        running = load.RunAsync(Workers, stopAgain.Token);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var stoppedAt = load.Now;
        var failuresBefore = load.FailedCalls;
        await cluster.Cluster.StopSiloAsync(cluster.Cluster.Silos[^1]);
        await cluster.Cluster.StartAdditionalSiloAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await load.WaitForQuietAsync(Quiet, Limit);
        var replaceDegraded = Degraded(load, stoppedAt);
        await stopAgain.CancelAsync();
        await running;
        var afterReplace = await CheckAsync("graceful stop and add", load, sdkB, replaceDegraded);

        Assert.True(load.Queries > 0);
        Assert.Equal(afterKill.Acknowledged, afterKill.Found);
        Assert.Equal(afterReplace.Acknowledged, afterReplace.Found);
        Assert.True(afterReplace.Acknowledged > afterKill.Acknowledged);
        Assert.True(killDegraded < Limit.TotalSeconds, $"still failing {killDegraded:F1} s after the kill ({killFailures} failed calls: {load.Errors})");
        Assert.True(replaceDegraded < Limit.TotalSeconds, $"still failing {replaceDegraded:F1} s after the replacement ({load.FailedCalls - failuresBefore} failed calls: {load.Errors})");
    }

    private static double Degraded(PresenceLoad load, TimeSpan since) =>
        load.LastFailure is { } last && last > since ? (last - since).TotalSeconds : 0;

    private async Task<(int Acknowledged, int Found)> CheckAsync(string phase, PresenceLoad load, PresenceClusterClient client, double degraded)
    {
        var (acknowledged, found, problems) = await load.VerifyAsync(client);
        var line = $"silo failure, {phase}: contact writes acknowledged {acknowledged}, found {found}; all writes acknowledged {load.AcknowledgedWrites}; failed calls {load.FailedCalls}; batch queries {load.Queries}; degraded {degraded:F1} s";
        output.WriteLine(line);
        ResilienceReport.Write(line);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        return (acknowledged, found);
    }
}
