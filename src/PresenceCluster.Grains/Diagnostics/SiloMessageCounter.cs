using System.Diagnostics.Metrics;

namespace PresenceCluster.Diagnostics;

/// <summary>
/// Counts the messages this silo sends over the network, from Orleans' own meter: one measurement of
/// <c>orleans-messaging-sent-messages-size</c> per message sent (messages delivered within the silo are not measured).
/// </summary>
public sealed class SiloMessageCounter : IDisposable
{
    private const string SentMessagesInstrument = "orleans-messaging-sent-messages-size";
    private readonly MeterListener _listener = new();
    private long _sent;

    public SiloMessageCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && instrument.Name == SentMessagesInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, _, _, _) => Interlocked.Increment(ref _sent));
        _listener.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref _sent));
        _listener.Start();
    }

    /// <summary>Messages sent over the network since this counter started.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public void Dispose() => _listener.Dispose();
}
