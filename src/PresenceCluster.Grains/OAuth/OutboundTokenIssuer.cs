using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PresenceCluster.Auth;
using PresenceCluster.Errors;
using PresenceCluster.Presence;

namespace PresenceCluster.OAuth;

/// <summary>
/// The tokens this silo presents to partners (Exchange, SharePoint): signed with the cluster's token-issuer
/// certificate that signs now (the staged one from its effective date), cached per partner and user until shortly
/// before they expire. Connectors to partners ask here for their bearer tokens.
/// </summary>
public sealed class OutboundTokenIssuer(OAuthDirectory directory, IOptions<OAuthOptions> options, [FromKeyedServices(PresenceTime.ServiceKey)] TimeProvider time)
{
    private readonly OAuthOptions _options = options.Value;
    private readonly IssuedTokenCache _cache = new(time, options.Value.TokenLifetime);

    /// <summary>An app-only actor token for <paramref name="partnerApplicationId"/> at <paramref name="partnerHost"/>.</summary>
    /// <exception cref="NotConfiguredException">OAuth is off, or the cluster has no certificate yet.</exception>
    public string GetAppToken(string partnerApplicationId, string partnerHost)
    {
        var signer = Signer();
        return _cache.GetOrIssue(
            $"{partnerApplicationId}/{partnerHost}|{signer.Thumbprint}",
            null,
            () => new S2STokenIssuer(_options, signer, time).IssueActorToken(partnerApplicationId, partnerHost));
    }

    /// <summary>A token acting for <paramref name="userSipAddress"/> at the partner.</summary>
    /// <exception cref="NotConfiguredException">OAuth is off, or the cluster has no certificate yet.</exception>
    public string GetUserToken(string partnerApplicationId, string partnerHost, string userSipAddress)
    {
        var signer = Signer();
        return _cache.GetOrIssue(
            $"{partnerApplicationId}/{partnerHost}|{signer.Thumbprint}",
            userSipAddress,
            () => new S2STokenIssuer(_options, signer, time).IssueUserToken(partnerApplicationId, partnerHost, userSipAddress));
    }

    /// <summary>A token acting for the mailbox user <paramref name="userPrincipalName"/> at Exchange Server <paramref name="exchangeHost"/> (EWS).</summary>
    /// <exception cref="NotConfiguredException">OAuth is off, or the cluster has no certificate yet.</exception>
    public string GetExchangeUserToken(string exchangeHost, string userPrincipalName)
    {
        var signer = Signer();
        return _cache.GetOrIssue(
            $"{S2STokenIssuer.ExchangeApplicationId}/{exchangeHost}|ews|{signer.Thumbprint}",
            userPrincipalName,
            () => new S2STokenIssuer(_options, signer, time).IssueExchangeUserToken(exchangeHost, userPrincipalName, null));
    }

    // The signer is part of the cache key, so tokens switch to the next certificate at its effective date.
    private X509Certificate2 Signer() =>
        string.IsNullOrWhiteSpace(_options.Realm) || directory.Signing is not { } signing
            ? throw new NotConfiguredException("OAuth:Realm", "OAuth is off on this silo, or the cluster has no token-issuer certificate yet.")
            : signing.SignerAt(time.GetUtcNow());
}
