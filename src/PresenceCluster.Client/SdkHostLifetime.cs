using Microsoft.Extensions.Hosting;

namespace PresenceCluster.Client;

/// <summary>
/// The lifetime of the SDK's own small host: none. A host's default console lifetime catches Ctrl+C and SIGTERM and
/// cancels the process's termination to stop itself — right for an application's host, wrong for a library's,
/// because then the application using the SDK could no longer be stopped. The application's own host (or the
/// runtime's default) handles those signals; the SDK is stopped by disposing the client.
/// </summary>
internal sealed class SdkHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
