using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PresenceCluster.Grains;
using PresenceCluster.Hosting;

namespace PresenceCluster.Webhooks;

/// <summary>
/// Brings webhook subscriptions back: when the silo becomes active and then every
/// <see cref="WebhookOptions.ResumeInterval"/>, asks the directory to wake every live subscription. That is what makes
/// subscriptions durable: after a restart of the whole cluster, or when the silo that held one is lost, the next
/// round activates it again and it re-subscribes and sends what its receiver has not had.
/// </summary>
internal sealed partial class WebhookResumer(IGrainFactory grains, IOptions<WebhookOptions> options, ILogger<WebhookResumer> logger)
    : SiloBackgroundLoop
{
    protected override async Task RunAsync(CancellationToken stopping)
    {
        var interval = options.Value.ResumeInterval;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var live = await grains.GetGrain<IWebhookDirectoryGrain>(IWebhookDirectoryGrain.Key).ResumeAllAsync();
                LogResumed(logger, live);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogResumeFailed(logger, exception);
            }

            // Jitter, so that silos started together do not ask together.
            await Task.Delay(interval * (0.9 + (0.2 * Random.Shared.NextDouble())), TimeProvider.System, stopping);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Live} webhook subscriptions live")]
    private static partial void LogResumed(ILogger logger, int live);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook subscriptions could not be resumed; the next round tries again")]
    private static partial void LogResumeFailed(ILogger logger, Exception exception);
}
