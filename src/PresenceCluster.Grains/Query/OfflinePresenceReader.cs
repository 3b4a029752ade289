using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using PresenceCluster.Contacts;
using PresenceCluster.Diagnostics;
using PresenceCluster.Grains;
using PresenceCluster.Hosting;
using PresenceCluster.Identity;
using PresenceCluster.Presence;

namespace PresenceCluster.Query;

/// <summary>
/// Answers for users whose presence grain is not live, without activating it (the owner decides that it is not:
/// <see cref="IndexLookup"/>): the user's durable record and contact list (their privacy policy) are read from storage
/// and turned into the same entry the grain would publish with no endpoints — Offline, with the card, note and
/// out-of-office note each audience may see. Most users a list names are offline at any moment; activating each of
/// them cost the same two storage reads plus an activation's memory for as long as it lived.
/// </summary>
public sealed class OfflinePresenceReader(
    IServiceProvider services,
    IGrainFactory grains,
    IOptions<PresenceOptions> options,
    TimeProvider wallClock,
    [FromKeyedServices(PresenceTime.ServiceKey)] TimeProvider time,
    PresenceMetrics metrics) : IDisposable
{
    /// <summary>Storage reads in flight per silo: a batch of misses must not take every connection the grains need.</summary>
    public const int MaxConcurrentReads = 8;

    private readonly IGrainStorage _storage = services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Provider);
    private readonly SemaphoreSlim _reads = new(MaxConcurrentReads, MaxConcurrentReads);

    /// <summary>The entry of <paramref name="user"/>, whose presence grain is not live, read from storage.</summary>
    public async Task<PresenceIndexEntry> ReadAsync(string user)
    {
        // Numbered from the wall clock as an activation is, now: a grain activating after this read numbers its first
        // entry from a later instant, so its entry replaces this one wherever both arrive.
        var firstSequenceFloor = wallClock.GetUtcNow();
        var key = UserGrainKey.Encode(user);
        var presence = grains.GetGrain<IPresenceGrain>(key).GetGrainId();

        var record = new GrainState<PresenceRecord>(new PresenceRecord());
        var list = new GrainState<ContactListRecord>(new ContactListRecord());
        await _reads.WaitAsync();
        try
        {
            // The silo's provider reports its failures as StorageUnavailableException, which the SDK retries.
            await _storage.ReadStateAsync(StorageNames.PresenceState, presence, record);
            await _storage.ReadStateAsync(StorageNames.ContactListState, grains.GetGrain<IContactListGrain>(key).GetGrainId(), list);
        }
        finally
        {
            _reads.Release();
        }

        metrics.ReadOffline();
        var opts = options.Value;
        var durable = record.State ?? new PresenceRecord();
        return PresenceEntryBuilder.Build(
            user,
            ContactBook.ToPrivacyPolicy(list.State ?? new ContactListRecord()),
            durable,
            [],
            time.GetUtcNow(),
            PresenceTimings.From(opts),
            opts.IndexEntryMaxAge,
            previous: null,
            lastSequence: PresenceEntryBuilder.FirstSequence(durable, firstSequenceFloor),
            forceNewSequence: true).Entry;
    }

    /// <inheritdoc />
    public void Dispose() => _reads.Dispose();
}
