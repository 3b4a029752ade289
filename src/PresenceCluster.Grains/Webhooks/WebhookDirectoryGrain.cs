using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PresenceCluster.Errors;
using PresenceCluster.Grains;
using PresenceCluster.Hosting;
using PresenceCluster.Presence;
using PresenceCluster.Storage;

namespace PresenceCluster.Webhooks;

/// <summary>
/// The cluster's list of live webhook subscriptions. It holds no more than owner and expiry per subscription (the
/// subscriptions themselves are their own grains), limits each user's count, and wakes every subscription on request
/// of any silo's <see cref="WebhookResumer"/>, at most once per interval.
/// </summary>
internal sealed partial class WebhookDirectoryGrain(
    [PersistentState(StorageNames.WebhookDirectoryState, StorageNames.Provider)] IPersistentState<WebhookDirectoryRecord> state,
    IOptions<WebhookOptions> options,
    [FromKeyedServices(PresenceTime.ServiceKey)] TimeProvider time,
    TimeProvider wallClock,
    ILogger<WebhookDirectoryGrain> logger)
    : Grain, IWebhookDirectoryGrain
{
    private static readonly TimeSpan ResumeTimeout = TimeSpan.FromSeconds(5);
    private DateTimeOffset _lastResume = DateTimeOffset.MinValue;

    async Task IWebhookDirectoryGrain.RegisterAsync(string id, string owner, DateTimeOffset expirationDateTime)
    {
        var now = time.GetUtcNow();
        var entries = state.State.Subscriptions;
        var max = options.Value.MaxSubscriptionsPerUser;
        if (!entries.ContainsKey(id) && entries.Count(entry => entry.Value.Owner == owner && entry.Value.ExpirationDateTime > now) >= max)
        {
            throw new LimitReachedException("webhook subscriptions per user", max);
        }

        var next = new Dictionary<string, WebhookDirectoryRecord.Entry>(entries, StringComparer.Ordinal)
        {
            [id] = new(owner, expirationDateTime, entries.TryGetValue(id, out var existing) ? existing.CreatedAt : now),
        };
        await state.WriteOrRevertAsync(state.State with { Subscriptions = next });
    }

    async Task IWebhookDirectoryGrain.RemoveAsync(string id)
    {
        if (state.State.Subscriptions.ContainsKey(id))
        {
            await RemoveAsync([id]);
        }
    }

    Task<string[]> IWebhookDirectoryGrain.ListAsync(string owner)
    {
        var now = time.GetUtcNow();
        return Task.FromResult(state.State.Subscriptions
            .Where(entry => entry.Value.Owner == owner && entry.Value.ExpirationDateTime > now)
            .OrderBy(entry => entry.Value.CreatedAt)
            .Select(entry => entry.Key)
            .ToArray());
    }

    async Task<int> IWebhookDirectoryGrain.ResumeAllAsync()
    {
        // Pacing is wall-clock business (the silos' loops run on it): the presence clock may stand still in a test.
        var now = wallClock.GetUtcNow();
        if (now - _lastResume < options.Value.ResumeInterval / 2)
        {
            return state.State.Subscriptions.Count;
        }

        _lastResume = now;
        var ids = state.State.Subscriptions.Keys.ToArray();
        var ended = new List<string>();
        foreach (var chunk in ids.Chunk(100))
        {
            var alive = await Task.WhenAll(chunk.Select(ResumeOneAsync));
            ended.AddRange(chunk.Where((_, i) => !alive[i]));
        }

        if (ended.Count > 0)
        {
            await RemoveAsync(ended);
        }

        return ids.Length - ended.Count;
    }

    private async Task<bool> ResumeOneAsync(string id)
    {
        try
        {
            // Bounded: a subscription on a silo being lost must not hold up the others (nor this grain) for the
            // runtime's whole response timeout.
            return await GrainFactory.GetGrain<IWebhookSubscriptionGrain>(id).ResumeAsync().WaitAsync(ResumeTimeout);
        }
        catch (Exception exception) when (exception is OrleansException or TimeoutException or StorageUnavailableException)
        {
            // Kept: the next round tries again.
            LogResumeFailed(logger, id, exception.Message);
            return true;
        }
    }

    private Task RemoveAsync(IReadOnlyCollection<string> ids)
    {
        var next = new Dictionary<string, WebhookDirectoryRecord.Entry>(state.State.Subscriptions, StringComparer.Ordinal);
        foreach (var id in ids)
        {
            next.Remove(id);
        }

        return state.WriteOrRevertAsync(state.State with { Subscriptions = next });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook subscription {Id} could not be resumed ({Problem}); the next round tries again")]
    private static partial void LogResumeFailed(ILogger logger, string id, string problem);
}
