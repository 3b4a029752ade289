using System.Diagnostics;
using PresenceCluster.Client;
using PresenceCluster.Grains;
using PresenceCluster.Identity;
using PresenceCluster.Presence;

namespace PresenceCluster.LoadTest.Scenarios;

/// <summary>
/// The Lync 2013 user model on one silo: per online user and hour, 4 presence publications and 60 polls of 40
/// contacts. The online population doubles step by step; each step runs the model's rates open-loop and measures
/// batch latency. The largest step whose p99 stays within 50 ms (and whose silo stays within the memory limit) is
/// the capacity. Two models (<c>--capacity-model</c>): <see cref="UserModel.Polling"/>, the polls and publications
/// alone among online users; <see cref="UserModel.Full"/>, as Lync's clients behave: each user batch-subscribes to
/// their 40 contacts at sign-in and receives their notifications, half of every list is offline (users provisioned
/// but not signed in), and users sign out and in again over the run.
/// </summary>
public static class CapacityScenario
{
    public const double PollsPerUserPerSecond = 60.0 / 3600;
    public const double PublicationsPerUserPerSecond = 4.0 / 3600;
    public const int ContactsPerPoll = 40;
    public static readonly TimeSpan LatencyLimit = TimeSpan.FromMilliseconds(50);

    /// <summary>Polls in the first seconds of a step are not recorded: they pay for JIT and for the step's activation burst.</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    /// <summary>Which user model a ramp runs.</summary>
    public enum UserModel
    {
        /// <summary>Polls and publications among online users.</summary>
        Polling,

        /// <summary>The polling model plus subscriptions at sign-in, an offline half of each list, and sign-in churn.</summary>
        Full,
    }

    /// <summary>
    /// One step: the rates offered, the polls' latency, failures, the silo's memory, whether it was carried; in the full
    /// model also the subscriptions held, notifications received and sign-outs/ins made during the step.
    /// </summary>
    /// <remarks>
    /// <see cref="GcPause"/>, <see cref="GcCollections"/> and <see cref="Gen2Collections"/> are the silo's garbage
    /// collector during the step: the mean pause (pause over collections) against the p99 says whether it is the tail.
    /// </remarks>
    public sealed record class RampStep(
        int Users, double PollsPerSecond, double PublicationsPerSecond, Measurement Polls, long PublicationFailures, SiloMemory Memory, bool Within,
        long Subscriptions = 0, long Notifications = 0, long Churned = 0, TimeSpan GcPause = default, int Gen2Collections = 0, int GcCollections = 0);

    public sealed record class Result(UserModel Model, IReadOnlyList<RampStep> Steps)
    {
        public int CarriedUsers => Steps.Where(s => s.Within).Select(s => s.Users).DefaultIfEmpty(0).Max();
    }

    /// <summary>The polling model's ramp.</summary>
    public static Task<Result> RunAsync(PresenceClusterClient client, LoadTestOptions options, Action<string> progress) =>
        RampAsync(UserModel.Polling, client, options, progress, population: null);

    /// <summary>The full model's ramp (users of their own, so that both models can run in one harness run).</summary>
    public static async Task<Result> RunFullAsync(PresenceClusterClient client, LoadTestOptions options, Action<string> progress)
    {
        var population = new FullModelPopulation(client);
        var result = await RampAsync(UserModel.Full, client, options, progress, population);
        await population.DisposeAsync();
        if (population.CleanupFailures > 0)
        {
            progress($"capacity (full model): {population.CleanupFailures:N0} users could not be signed out (timed out); their endpoints lapse by themselves");
        }

        return result;
    }

    private static async Task<Result> RampAsync(UserModel model, PresenceClusterClient client, LoadTestOptions options, Action<string> progress, FullModelPopulation? population)
    {
        var diagnostics = client.ClusterClient.GetGrain<ISiloDiagnosticsGrain>(0);
        var steps = new List<RampStep>();
        var online = 0;
        var name = model == UserModel.Full ? "capacity (full model)" : "capacity";
        for (var users = options.CapacityStart; users <= options.CapacityMax && users > 0; users = users > int.MaxValue / 2 ? -1 : users * 2)
        {
            progress($"{name}: bringing {users:N0} users online");
            await Parallel.ForEachAsync(Enumerable.Range(online, users - online), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, cancellation) =>
            {
                if (population is null)
                {
                    await client.PublishEndpointAsync(User(i), new EndpointPublication { EndpointId = "pc" }, cancellation);
                }
                else
                {
                    await population.SignInAsync(i, users, cancellation);
                }
            });
            online = users;

            var step = await RunStepAsync(client, diagnostics, users, options.Duration, progress, population);
            steps.Add(step);
            progress($"{name}: {users:N0} users, {step.PollsPerSecond:N0} polls/s, p99 {step.Polls.P99Ms:F1} ms, working set {step.Memory.WorkingSetBytes / 1e9:F1} GB: {(step.Within ? "carried" : "over the limit")}");
            if (!step.Within || step.Memory.WorkingSetBytes > options.CapacityMemoryGigabytes * 1e9)
            {
                break;
            }
        }

        return new Result(model, steps);
    }

    private static SipUri User(int i) => SipUri.Parse($"sip:cap{i}@contoso.com");

    private static async Task<RampStep> RunStepAsync(
        PresenceClusterClient client, ISiloDiagnosticsGrain diagnostics, int users, TimeSpan duration, Action<string> progress, FullModelPopulation? population)
    {
        var silo = client.ClusterClient.GetGrain<ISiloLoadGrain>((await client.ClusterClient.GetGrain<IClusterStatusGrain>(0).GetActiveSilosAsync())[0]);
        var gcBefore = await silo.GetLoadAsync(collectGarbage: false);
        var notificationsBefore = population?.Notifications ?? 0;
        var churnedBefore = population?.Churned ?? 0;
        using var churn = population?.StartChurn(users);
        var pollRate = users * PollsPerUserPerSecond;
        var publicationRate = users * PublicationsPerUserPerSecond;
        var random = new Random(users);
        var latency = Measurement.NewHistogram();
        var gate = new Lock();
        long polls = 0, lookups = 0, publicationFailures = 0, overloaded = 0;
        var inFlight = 0;
        var pending = new List<Task>();
        var clock = Stopwatch.StartNew();
        var measureFrom = duration < WarmUp * 2 ? TimeSpan.Zero : WarmUp;
        var pollInterval = TimeSpan.FromSeconds(1 / pollRate);
        var publicationEvery = Math.Max(1, (int)Math.Round(pollRate / Math.Max(publicationRate, 0.001)));

        for (long k = 0; clock.Elapsed < duration; k++)
        {
            await Pacing.UntilAsync(clock, pollInterval * k);

            if (Volatile.Read(ref inFlight) > 20_000)
            {
                // The silo cannot keep up with the model's rate: that alone puts this step over the limit.
                overloaded++;
                continue;
            }

            var (watcher, targets) = population is null
                ? (User(random.Next(users)), Enumerable.Range(0, ContactsPerPoll).Select(_ => User(random.Next(users))).ToArray())
                : FullModelPopulation.Poll(random, users);
            Interlocked.Increment(ref inFlight);
            pending.Add(Task.Run(async () =>
            {
                var start = Stopwatch.GetTimestamp();
                var views = await client.QueryPresenceAsync(watcher, targets);
                var elapsed = Stopwatch.GetTimestamp() - start;
                lock (gate)
                {
                    if (clock.Elapsed - TimeSpan.FromTicks(elapsed * TimeSpan.TicksPerSecond / Stopwatch.Frequency) >= measureFrom)
                    {
                        latency.RecordValue(elapsed);
                        polls++;
                        lookups += views.Count;
                    }
                }

                Interlocked.Decrement(ref inFlight);
            }));

            if (k % publicationEvery == 0)
            {
                var publisher = population is null ? User(random.Next(users)) : FullModelPopulation.Online(random.Next(users));
                pending.Add(client.SetManualStateAsync(publisher, k % 2 == 0 ? ManualState.Busy : ManualState.Available)
                    .ContinueWith(t => { if (t.IsFaulted) { Interlocked.Increment(ref publicationFailures); } }, TaskScheduler.Default));
            }
        }

        await Task.WhenAll(pending);
        var measurement = Measurement.From("capacity", polls, lookups, clock.Elapsed - measureFrom, latency);
        var gcAfter = await silo.GetLoadAsync(collectGarbage: false);
        var memory = await diagnostics.GetMemoryAsync();
        var within = overloaded == 0 && publicationFailures == 0 && measurement.P99Ms <= LatencyLimit.TotalMilliseconds;
        return new RampStep(
            users, pollRate, publicationRate, measurement, publicationFailures, memory, within,
            population?.Subscriptions ?? 0, (population?.Notifications ?? 0) - notificationsBefore, (population?.Churned ?? 0) - churnedBefore,
            gcAfter.GcPauseTotal - gcBefore.GcPauseTotal, gcAfter.Gen2Collections - gcBefore.Gen2Collections, gcAfter.Collections - gcBefore.Collections);
    }
}
