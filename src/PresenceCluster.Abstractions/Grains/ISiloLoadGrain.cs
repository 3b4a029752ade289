namespace PresenceCluster.Grains;

/// <summary>
/// One silo's load figures since it started, keyed by that silo's address (<c>SiloAddress.ToParsableString()</c>, as
/// <see cref="IClusterStatusGrain.GetActiveSilosAsync"/> lists them) and placed on it: what a scale-out measurement
/// reads from every silo of a cluster.
/// </summary>
[Alias("PresenceCluster.ISiloLoadGrain")]
public interface ISiloLoadGrain : IGrainWithStringKey
{
    /// <summary>The silo's counters now; with <paramref name="collectGarbage"/>, its memory after a full collection.</summary>
    [Alias("GetLoad")]
    Task<SiloLoad> GetLoadAsync(bool collectGarbage);
}

/// <summary>A silo's counters (since it started) and memory at one instant.</summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.SiloLoad")]
public sealed record class SiloLoad
{
    /// <summary>The silo.</summary>
    [Id(0)] public required string Silo { get; init; }

    /// <summary>Bytes in use on the managed heap (after a full collection when asked).</summary>
    [Id(1)] public long ManagedHeapBytes { get; init; }

    /// <summary>The process's working set.</summary>
    [Id(2)] public long WorkingSetBytes { get; init; }

    /// <summary>Entries in the silo's read index.</summary>
    [Id(3)] public int IndexEntries { get; init; }

    /// <summary>Presence changes published by grains of this silo.</summary>
    [Id(4)] public long Publications { get; init; }

    /// <summary>Batch queries answered by this silo.</summary>
    [Id(5)] public long BatchQueries { get; init; }

    /// <summary>Entries presence grains pushed into this silo's index.</summary>
    [Id(6)] public long IndexUpdates { get; init; }

    /// <summary>Batch lookups this silo sent to other silos' indexes.</summary>
    [Id(7)] public long OwnerRequests { get; init; }

    /// <summary>Messages this silo sent over the network (Orleans' <c>orleans-messaging-sent-messages-size</c> measurements).</summary>
    [Id(8)] public long MessagesSent { get; init; }

    /// <summary>Grain activations on the silo.</summary>
    [Id(9)] public int ActiveGrains { get; init; }

    /// <summary>New entries (views) made by presence grains of this silo: publications, and decay or calendar steps.</summary>
    [Id(10)] public long EntryChanges { get; init; }

    /// <summary>Time the process spent paused for garbage collection since it started.</summary>
    [Id(11)] public TimeSpan GcPauseTotal { get; init; }

    /// <summary>Full (generation 2) collections since the process started.</summary>
    [Id(12)] public int Gen2Collections { get; init; }

    /// <summary>Garbage collections of any generation since the process started (each one pause, or two for a background one).</summary>
    [Id(13)] public int Collections { get; init; }
}
