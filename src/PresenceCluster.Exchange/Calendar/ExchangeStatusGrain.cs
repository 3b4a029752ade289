using Microsoft.Extensions.DependencyInjection;
using PresenceCluster.Exchange.Notifications;
using PresenceCluster.Grains;
using PresenceCluster.Query;

namespace PresenceCluster.Exchange.Calendar;

/// <summary>Reports this silo's <see cref="MailboxPoller"/>; placed on the silo its key names.</summary>
[SiloAddressedPlacement]
internal sealed class ExchangeStatusGrain(IServiceProvider services) : Grain, IExchangeStatusGrain
{
    Task<ExchangeConnectorStatus> IExchangeStatusGrain.GetStatusAsync()
    {
        var silo = this.GetPrimaryKeyString();
        if (services.GetService<MailboxPoller>() is not { } poller)
        {
            return Task.FromResult(new ExchangeConnectorStatus { Silo = silo, Backend = "None" });
        }

        var health = poller.Health;
        return Task.FromResult(new ExchangeConnectorStatus
        {
            Silo = silo,
            Backend = poller.BackendName,
            LastSuccess = health.LastSuccess,
            LastError = health.LastError,
            Successes = health.Successes,
            Failures = health.Failures,
            ConsecutiveFailures = health.ConsecutiveFailures,
            BackingOffUntil = health.BlockedUntil,
            CircuitOpen = health.IsOpen,
            MailboxesLastRound = poller.LastRoundMailboxes,
            LastRoundAt = poller.LastRoundAt,
            UnknownMailboxes = poller.UnknownMailboxes,
            OverBudget = poller.OverBudget,
            CalendarSubscriptions = services.GetService<CalendarSubscriptionKeeper>()?.Subscribed ?? 0,
            ChangedCalendarsRead = services.GetService<ChangedCalendarReader>()?.Refreshed ?? 0,
        });
    }
}
