using System.Diagnostics;
using PresenceCluster.LoadTest;

namespace PresenceCluster.ClusterTests.Benchmarks;

/// <summary>The harness's pacing never asks for a negative delay, however far behind the loop is.</summary>
public sealed class PacingTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-10_000)]
    public void DueAlreadyPassed_CompletesAtOnce_WithoutThrowing(int dueMilliseconds)
    {
        var clock = Stopwatch.StartNew();

        var wait = Pacing.UntilAsync(clock, TimeSpan.FromMilliseconds(dueMilliseconds));

        Assert.True(wait.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task DueAhead_Waits()
    {
        var clock = Stopwatch.StartNew();

        await Pacing.UntilAsync(clock, TimeSpan.FromMilliseconds(50));

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(45), $"returned after {clock.Elapsed.TotalMilliseconds} ms");
    }
}
