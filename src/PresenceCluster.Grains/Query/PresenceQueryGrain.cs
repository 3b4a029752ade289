using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using PresenceCluster.Diagnostics;
using PresenceCluster.Errors;
using PresenceCluster.Grains;
using PresenceCluster.Identity;
using PresenceCluster.Presence;
using PresenceCluster.Privacy;

namespace PresenceCluster.Query;

/// <summary>
/// Answers batch queries from the local silo's <see cref="PresenceReadIndex"/>: one call, no fan-out, for every
/// target the index holds; only the rest are asked of their presence grains (and then kept in the index).
/// </summary>
[StatelessWorker]
[Reentrant]
internal sealed class PresenceQueryGrain(
    PresenceReadIndex index,
    [FromKeyedServices(PresenceTime.ServiceKey)] TimeProvider time,
    IOptions<PresenceOptions> options,
    PresenceMetrics metrics)
    : Grain, IPresenceQueryGrain
{
    private readonly int _maxBatchSize = options.Value.MaxBatchSize;

    Task<PresenceView[]> IPresenceQueryGrain.QueryAsync(string watcher, string[] targets)
    {
        ValidateBatch(watcher, targets);
        return AnswerAsync(targets, entry => entry.ViewFor(watcher));
    }

    async Task<EncodedPresenceViews> IPresenceQueryGrain.QueryEncodedAsync(string watcher, string[] targets)
    {
        ValidateBatch(watcher, targets);
        return EncodedPresenceViews.Join(await AnswerAsync(targets, entry => entry.EncodedViewFor(watcher)));
    }

    Task<PresenceView[]> IPresenceQueryGrain.QueryForLevelAsync(AccessLevel level, string[] targets)
    {
        if (level is AccessLevel.Blocked || !Enum.IsDefined(level))
        {
            throw new InvalidInputException("level", $"{level} is not External, Colleagues, Workgroup or FriendsAndFamily");
        }

        ValidateTargets(targets);
        return AnswerAsync(targets, entry => entry.ViewForApplication(level));
    }

    private Task<T[]> AnswerAsync<T>(string[] targets, Func<PresenceIndexEntry, T> pick)
    {
        metrics.Queried(targets.Length);
        var now = time.GetUtcNow();
        var views = new T[targets.Length];
        List<int>? misses = null;
        for (var i = 0; i < targets.Length; i++)
        {
            if (index.Find(targets[i], now) is { } entry)
            {
                views[i] = pick(entry);
            }
            else
            {
                (misses ??= []).Add(i);
            }
        }

        return misses is null ? Task.FromResult(views) : FillMissesAsync(targets, views, misses, pick);
    }

    async Task<PresenceView[]> IPresenceQueryGrain.SubscribeAsync(string watcher, string[] targets, IPresenceObserver observer)
    {
        ValidateBatch(watcher, targets);
        if (observer is null)
        {
            throw new InvalidInputException("observer", "is missing");
        }

        return await Task.WhenAll(targets.Select(target => Presence(target).SubscribeAsync(watcher, observer)));
    }

    async Task IPresenceQueryGrain.UnsubscribeAsync(string watcher, string[] targets, IPresenceObserver observer)
    {
        ValidateBatch(watcher, targets);
        await Task.WhenAll(targets.Select(target => Presence(target).UnsubscribeAsync(watcher, observer)));
    }

    private async Task<T[]> FillMissesAsync<T>(string[] targets, T[] views, List<int> misses, Func<PresenceIndexEntry, T> pick)
    {
        var entries = await Task.WhenAll(misses.Select(i =>
            GrainFactory.GetGrain<IPresenceMaintenanceGrain>(UserGrainKey.Encode(targets[i])).GetIndexEntryAsync()));
        var now = time.GetUtcNow();
        for (var k = 0; k < misses.Count; k++)
        {
            index.Apply(entries[k], now);
            views[misses[k]] = pick(entries[k]);
        }

        return views;
    }

    private IPresenceGrain Presence(string target) => GrainFactory.GetGrain<IPresenceGrain>(UserGrainKey.Encode(target));

    private void ValidateBatch(string watcher, string[] targets)
    {
        SipUri.ThrowIfNotNormalised(watcher, nameof(watcher));
        ValidateTargets(targets);
    }

    private void ValidateTargets(string[] targets)
    {
        if (targets is null || targets.Length == 0 || targets.Length > _maxBatchSize)
        {
            throw new InvalidInputException("targets", $"holds {targets?.Length ?? 0} users; a batch holds 1–{_maxBatchSize}");
        }

        for (var i = 0; i < targets.Length; i++)
        {
            SipUri.ThrowIfNotNormalised(targets[i], $"targets[{i}]");
        }
    }
}
