namespace PresenceCluster.ClusterTests.Infrastructure;

/// <summary>Waiting for a condition a cluster reaches by itself (a grain moved, a transition over), with a deadline that fails the test.</summary>
public static class Waits
{
    /// <summary>Returns once <paramref name="done"/> holds; fails the test after <paramref name="patience"/> (60 s by default).</summary>
    public static async Task UntilAsync(Func<bool> done, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(60));
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition never held");
            await Task.Delay(10);
        }
    }

    /// <summary>
    /// Reads until <paramref name="done"/> holds of the value or <paramref name="patience"/> has passed, and returns the
    /// last value read (the caller's assertions then say what was wrong with it).
    /// </summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(50);
        }
    }
}
