namespace PresenceCluster.Exchange.Ews;

/// <summary>An EWS answer about one item or sync state (<c>ErrorIrresolvableConflict</c>, <c>ErrorItemNotFound</c>, <c>ErrorInvalidSyncStateData</c>).</summary>
public sealed class EwsItemException(string code) : Exception($"EWS answered {code}")
{
    /// <summary>The response code.</summary>
    public string Code { get; } = code;
}
