namespace PresenceCluster.ExchangeEmulator;

/// <summary>What the emulator does to a request instead of answering it normally.</summary>
public abstract record class EmulatorFault
{
    /// <summary>429 with <c>Retry-After</c>; requests for the same mailbox before it has elapsed are counted as early.</summary>
    public sealed record class Throttle(TimeSpan RetryAfter) : EmulatorFault;

    /// <summary>503 Service Unavailable.</summary>
    public sealed record class Unavailable : EmulatorFault;

    /// <summary>The normal answer, after a delay.</summary>
    public sealed record class Slow(TimeSpan Delay) : EmulatorFault;

    /// <summary>The connection is closed without an answer.</summary>
    public sealed record class Drop : EmulatorFault;

    /// <summary>200 with a body that is not the documented shape.</summary>
    public sealed record class WrongShape : EmulatorFault;
}
