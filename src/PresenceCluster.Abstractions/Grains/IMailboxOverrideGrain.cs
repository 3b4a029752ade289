namespace PresenceCluster.Grains;

/// <summary>
/// Users whose mailbox is not the one the addressing rule gives (<c>sip:bob@contoso.com</c> → <c>robert.smith@contoso.com</c>),
/// kept durably for the whole cluster. Call it with key <see cref="Key"/>.
/// </summary>
[Alias("PresenceCluster.IMailboxOverrideGrain")]
public interface IMailboxOverrideGrain : IGrainWithStringKey
{
    /// <summary>The one table's key.</summary>
    public const string Key = "cluster";

    /// <summary>The most overrides kept.</summary>
    public const int MaxOverrides = 100_000;

    /// <summary>Sets <paramref name="user"/>'s mailbox (a SIP URI and an SMTP address), or with null returns them to the rule.</summary>
    /// <exception cref="Errors.InvalidInputException">The user or the address is unusable.</exception>
    /// <exception cref="Errors.LimitReachedException">The table is full.</exception>
    [Alias("Set")]
    Task SetAsync(string user, string? mailbox);

    /// <summary>The mailbox of one user (a normalised SIP URI) if an override names one; null: the addressing rule.</summary>
    [Orleans.Concurrency.ReadOnly, Alias("Get")]
    Task<string?> GetAsync(string user);

    /// <summary>Every override, by normalised SIP URI.</summary>
    [Alias("List")]
    Task<Dictionary<string, string>> ListAsync();
}
