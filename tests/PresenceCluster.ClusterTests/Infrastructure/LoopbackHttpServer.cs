using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace PresenceCluster.ClusterTests.Infrastructure;

/// <summary>A real HTTP server on a free loopback port, with the routes a test maps; stopped on dispose.</summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly WebApplication _application;

    private LoopbackHttpServer(WebApplication application) => _application = application;

    /// <summary>Where it listens, for example <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address => new(_application.Urls.First());

    public static async Task<LoopbackHttpServer> StartAsync(Action<WebApplication> mapRoutes, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? addServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        addServices?.Invoke(builder.Services);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var application = builder.Build();
        mapRoutes(application);
        await application.StartAsync();
        return new LoopbackHttpServer(application);
    }

    public async ValueTask DisposeAsync()
    {
        await _application.StopAsync();
        await _application.DisposeAsync();
    }
}
