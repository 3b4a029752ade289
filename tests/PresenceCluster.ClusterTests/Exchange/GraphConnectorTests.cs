using PresenceCluster.ClusterTests.Infrastructure;

namespace PresenceCluster.ClusterTests.Exchange;

/// <summary>Exchange Online through Microsoft Graph: tokens from the tenant's token endpoint, Graph's routes and shapes.</summary>
public sealed class GraphConnectorTests : MailboxConnectorTests
{
    protected override Dictionary<string, string?> Settings(ExchangeEmulator.ExchangeEmulator exchange) => new()
    {
        ["Exchange:Backend"] = "Graph",
        ["Exchange:Graph:BaseUrl"] = exchange.GraphBaseUrl.ToString(),
        ["OAuth:CloudTokenServer:TokenEndpoint"] = exchange.TokenEndpoint.ToString(),
        ["OAuth:CloudTokenServer:ClientId"] = exchange.ClientId,
    };
}
