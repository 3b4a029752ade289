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
/// Answers batch queries from the read indexes: the targets this silo owns from its own <see cref="PresenceReadIndex"/>,
/// the others with one message per owning silo (<see cref="IndexPartition"/>), all in one call for the caller. Only
/// users no index holds are read — from storage when their presence grain is not active, else from the grain — and
/// then kept by their owner.
/// </summary>
[StatelessWorker]
[Reentrant]
internal sealed class PresenceQueryGrain(
    PresenceReadIndex index,
    IndexOwnership ownership,
    OfflinePresenceReader offline,
    LocalPresenceActivations activations,
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
        var partition = ownership.Current;
        var views = new T[targets.Length];
        List<int>? misses = null;
        Dictionary<string, List<int>>? remote = null;
        for (var i = 0; i < targets.Length; i++)
        {
            var owner = ownership.OwnerOf(partition, targets[i]);
            if (owner != ownership.LocalSilo)
            {
                remote ??= new(StringComparer.Ordinal);
                if (!remote.TryGetValue(owner, out var positions))
                {
                    remote[owner] = positions = [];
                }

                positions.Add(i);
            }
            else if (index.Find(targets[i], now) is { } entry)
            {
                views[i] = pick(entry);
            }
            else
            {
                (misses ??= []).Add(i);
            }
        }

        return misses is null && remote is null ? Task.FromResult(views) : CompleteAsync(targets, views, misses, remote, pick);
    }

    /// <summary>The local misses from their grains, and every other owner's targets in one message to that owner, at once.</summary>
    private async Task<T[]> CompleteAsync<T>(string[] targets, T[] views, List<int>? misses, Dictionary<string, List<int>>? remote, Func<PresenceIndexEntry, T> pick)
    {
        var entries = new PresenceIndexEntry[targets.Length];
        var work = new List<Task>();
        if (misses is not null)
        {
            work.Add(IndexLookup.FetchAsync(index, ownership, offline, activations, GrainFactory, targets, entries, misses, time));
        }

        foreach (var (owner, positions) in remote ?? [])
        {
            work.Add(FromOwnerAsync(owner, targets, positions, entries));
        }

        await Task.WhenAll(work);
        foreach (var i in misses ?? [])
        {
            views[i] = pick(entries[i]);
        }

        foreach (var i in (remote ?? []).Values.SelectMany(positions => positions))
        {
            views[i] = pick(entries[i]);
        }

        return views;
    }

    private async Task FromOwnerAsync(string owner, string[] targets, List<int> positions, PresenceIndexEntry[] entries)
    {
        PresenceIndexEntry[] found;
        metrics.AskedOwner();
        try
        {
            found = (await GrainFactory.GetGrain<IPresenceIndexReplicaGrain>(owner).FindAsync(new Immutable<string[]>([.. positions.Select(i => targets[i])]))).Value;
        }
        catch (Exception exception) when (exception is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException)
        {
            // The owner is leaving (membership has not caught up): its users are asked of their grains instead.
            await IndexLookup.FetchAsync(null, ownership, offline, activations, GrainFactory, targets, entries, positions, time);
            return;
        }

        for (var k = 0; k < positions.Count; k++)
        {
            entries[positions[k]] = found[k];
        }
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
