using PresenceCluster.Errors;

namespace PresenceCluster.Presence;

/// <summary>
/// A user's signed-in endpoints (soft state) and the rules for changing them: a limit per user, expiry a timeout
/// after the last heartbeat, and idle times that a repeated report does not restart. Pure: the caller passes the time.
/// </summary>
public sealed class EndpointTable(int maxEndpoints, TimeSpan defaultTimeout)
{
    private readonly Dictionary<string, EndpointRecord> _endpoints = new(StringComparer.Ordinal);

    /// <summary>The live endpoints (as of the last change or <see cref="RemoveExpired"/>).</summary>
    public IReadOnlyCollection<EndpointRecord> Values => _endpoints.Values;

    /// <summary>How many endpoints are held.</summary>
    public int Count => _endpoints.Count;

    /// <summary>Registers an endpoint or replaces its state; counts as a heartbeat.</summary>
    /// <exception cref="LimitReachedException">A new endpoint would pass the limit.</exception>
    public EndpointRecord Publish(EndpointPublication publication, DateTimeOffset now)
    {
        RemoveExpired(now);
        var existing = _endpoints.GetValueOrDefault(publication.EndpointId);
        if (existing is null && _endpoints.Count >= maxEndpoints)
        {
            throw new LimitReachedException("endpoints per user", maxEndpoints);
        }

        // Re-reporting the same idle state keeps its original time, so that decay is not restarted by it.
        var machineReportedAt = existing is not null && existing.MachineState == publication.MachineState && publication.MachineState != MachineState.Active
            ? existing.MachineReportedAt
            : now;
        return _endpoints[publication.EndpointId] = new EndpointRecord
        {
            Id = publication.EndpointId,
            DeviceClass = publication.DeviceClass,
            MachineState = publication.MachineState,
            MachineReportedAt = machineReportedAt,
            PhoneState = publication.PhoneState,
            PhoneChangedAt = existing is not null && existing.PhoneState == publication.PhoneState ? existing.PhoneChangedAt : now,
            LastHeartbeat = now,
            Lifetime = publication.Lifetime,
        };
    }

    /// <summary>Keeps an endpoint alive without changing its state.</summary>
    /// <exception cref="NotFoundException">No live endpoint has that id.</exception>
    public EndpointRecord Heartbeat(string endpointId, DateTimeOffset now)
    {
        var endpoint = Find(endpointId, now);
        return _endpoints[endpoint.Id] = endpoint with { LastHeartbeat = now };
    }

    /// <summary>Signs an endpoint out.</summary>
    /// <exception cref="NotFoundException">No live endpoint has that id.</exception>
    public void Remove(string endpointId, DateTimeOffset now) => _endpoints.Remove(Find(endpointId, now).Id);

    /// <summary>Drops endpoints that stopped heartbeating; returns their ids.</summary>
    public IReadOnlyList<string> RemoveExpired(DateTimeOffset now)
    {
        List<string>? expired = null;
        foreach (var (id, endpoint) in _endpoints)
        {
            if (endpoint.ExpiresAt(defaultTimeout) <= now)
            {
                (expired ??= []).Add(id);
            }
        }

        foreach (var id in expired ?? [])
        {
            _endpoints.Remove(id);
        }

        return expired ?? (IReadOnlyList<string>)[];
    }

    /// <summary>Puts back endpoints carried from another activation (a grain that moved).</summary>
    public void Restore(IEnumerable<EndpointRecord> endpoints)
    {
        foreach (var endpoint in endpoints)
        {
            _endpoints[endpoint.Id] = endpoint;
        }
    }

    private EndpointRecord Find(string endpointId, DateTimeOffset now)
    {
        PresenceInputValidator.ValidateEndpointId(endpointId);
        RemoveExpired(now);
        return _endpoints.GetValueOrDefault(endpointId) ?? throw new NotFoundException("endpoint", endpointId);
    }
}
