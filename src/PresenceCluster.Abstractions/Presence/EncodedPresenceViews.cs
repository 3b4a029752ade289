namespace PresenceCluster.Presence;

/// <summary>
/// A batch answer as the silo sends it: the views in <see cref="PresenceViewEncoding"/>, one after another in one
/// buffer, each ending at its offset in <see cref="Ends"/>. The silo copies bytes it encoded once per change, so a
/// lookup costs it no serialization.
/// </summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.EncodedPresenceViews")]
public sealed class EncodedPresenceViews
{
    /// <summary>Creates an answer from its buffer and the end offset of each view.</summary>
    public EncodedPresenceViews(byte[] buffer, int[] ends)
    {
        Buffer = buffer;
        Ends = ends;
    }

    /// <summary>The encoded views, in the order asked.</summary>
    [Id(0)] public byte[] Buffer { get; }

    /// <summary>Where each view ends in <see cref="Buffer"/>.</summary>
    [Id(1)] public int[] Ends { get; }

    /// <summary>How many views the answer holds.</summary>
    public int Count => Ends.Length;

    /// <summary>Joins encoded views into one answer.</summary>
    public static EncodedPresenceViews Join(byte[][] views)
    {
        var ends = new int[views.Length];
        var length = 0;
        for (var i = 0; i < views.Length; i++)
        {
            length += views[i].Length;
            ends[i] = length;
        }

        var buffer = new byte[length];
        var start = 0;
        foreach (var view in views)
        {
            view.CopyTo(buffer, start);
            start += view.Length;
        }

        return new EncodedPresenceViews(buffer, ends);
    }

    /// <summary>The views, decoded.</summary>
    /// <exception cref="FormatException">The buffer does not hold views of this encoding.</exception>
    public PresenceView[] Decode()
    {
        var views = new PresenceView[Ends.Length];
        var start = 0;
        for (var i = 0; i < views.Length; i++)
        {
            views[i] = PresenceViewEncoding.Decode(Buffer.AsSpan(start, Ends[i] - start));
            start = Ends[i];
        }

        return views;
    }
}
