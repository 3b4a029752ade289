using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace PresenceCluster.ClusterTests.Infrastructure;

/// <summary>
/// The silo program in process through <see cref="WebApplicationFactory{TEntryPoint}"/>: its own <c>Main</c>, one
/// web application with a real Orleans silo (localhost clustering on free ports, SQLite in a temporary directory),
/// HTTP served by the test server. Requests come from loopback unless they carry <see cref="RemoteAddressHeader"/>.
/// </summary>
public sealed class SiloWebApplicationFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<PresenceCluster.Silo.Program>
{
    /// <summary>A request header naming the caller's address, to act as a caller from another machine.</summary>
    public const string RemoteAddressHeader = "X-Test-Remote-Address";

    public string DataDirectory { get; } = PresenceTestCluster.NewDataDirectory();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Cluster:SiloPort", FreePort.Next().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Cluster:GatewayPort", FreePort.Next().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Http:Port", "0");
        builder.UseSetting("Storage:Sqlite:DataDirectory", DataDirectory);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, RemoteAddressFilter>());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    /// <summary>The test server leaves the caller's address empty; a real one is loopback or the header's.</summary>
    private sealed class RemoteAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Connection.RemoteIpAddress = context.Request.Headers.TryGetValue(RemoteAddressHeader, out var address)
                    ? IPAddress.Parse(address.ToString())
                    : IPAddress.Loopback;
                return following(context);
            });
            next(app);
        };
    }
}
