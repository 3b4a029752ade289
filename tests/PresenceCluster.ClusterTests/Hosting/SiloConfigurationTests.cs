using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PresenceCluster.ClusterTests.Infrastructure;
using PresenceCluster.Silo.Hosting;

namespace PresenceCluster.ClusterTests.Hosting;

/// <summary>A silo with a bad OAuth or HTTP setting does not start, and says which setting and why.</summary>
public sealed class SiloConfigurationTests
{
    public static TheoryData<string, string, string, string> BadSettings => new()
    {
        { "HttpWithoutRealm", "Http:Port", "8080", "Http:Port is set, but OAuth is off" },
        { "HttpPortOutOfRange", "Http:Port", "70000", "Http:Port is 70000" },
        { "HttpListenAddressNotAnAddress", "Http:ListenAddress", "anywhere", "Http:ListenAddress 'anywhere' is not an IP address" },
        { "TokenLifetimeTooLong", "OAuth:TokenLifetime", "2.00:00:00", "OAuth:TokenLifetime is 2.00:00:00" },
        { "AppOnlyLevelBlocked", "OAuth:AppOnlyAccessLevel", "Blocked", "OAuth:AppOnlyAccessLevel is Blocked" },
        { "CloudEndpointPlainHttp", "OAuth:CloudTokenServer:TokenEndpoint", "http://login.example.com/token", "OAuth:CloudTokenServer:TokenEndpoint 'http://login.example.com/token' must be an absolute https URL" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task BadSetting_StopsTheSilo_NamingIt(string name, string key, string value, string message)
    {
        var dataDirectory = PresenceTestCluster.NewDataDirectory();
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Cluster:SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Cluster:GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Storage:Sqlite:DataDirectory"] = dataDirectory,
                [key] = value,
            };
            if (name != "HttpWithoutRealm")
            {
                settings["Sip:DefaultDomain"] = "contoso.com";
            }

            var exception = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
            {
                var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
                builder.Configuration.AddInMemoryCollection(settings);
                builder.UseOrleans(silo => silo.ConfigurePresenceSilo(builder.Configuration));
                using var host = builder.Build();
                await host.StartAsync();
                await host.StopAsync();
            });

            Assert.Contains(message, exception.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
