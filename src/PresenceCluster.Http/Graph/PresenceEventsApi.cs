using System.Security.Claims;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PresenceCluster.Grains;
using PresenceCluster.Http.Users;
using PresenceCluster.Presence;

namespace PresenceCluster.Http.Graph;

/// <summary>
/// <c>GET /v1.0/me/presence/events?ids=a@contoso.com,b@contoso.com</c>: a server-sent events stream for browsers. It
/// sends the current presence of every user asked for, as the signed-in user may see them, then every change, each
/// as an event <c>presence</c> whose data is Graph's presence resource. State, not a log: a client that reconnects
/// (with or without <c>Last-Event-ID</c>) gets every user's current presence again, so it always ends on the latest
/// view. The subscription behind it is renewed while the stream is open and ended when it closes.
/// </summary>
public static class PresenceEventsApi
{
    /// <summary>The route.</summary>
    public const string Path = GraphError.PathPrefix + "/me/presence/events";

    private static readonly TimeSpan Renewal = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(20);

    /// <summary>Maps the route.</summary>
    public static IEndpointRouteBuilder MapPresenceEventsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, StreamAsync)
            .RequireAuthorization(UserIdentity.Policy)
            .RequireRateLimiting(Hosting.CallerRateLimits.Policy)
            .WithTags("Graph presence")
            .WithName("PresenceEvents")
            .WithSummary("Server-sent events: the current presence of the users in ids, then every change the signed-in user may see.");
        return routes;
    }

    private static async Task StreamAsync(
        string? ids, ClaimsPrincipal user, HttpContext context, IGrainFactory grains, IOptions<UserAuthenticationOptions> options, IOptions<GraphOptions> graph, IOptions<JsonOptions> json)
    {
        var requested = (ids ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var max = graph.Value.MaxPresenceIds;
        if (requested.Length is 0 || requested.Length > max)
        {
            await GraphError.WriteAsync(context, StatusCodes.Status400BadRequest, $"ids holds {requested.Length} users; give 1–{max}, separated by commas.");
            return;
        }

        var watcher = UserIdentity.Of(user, options.Value.UserClaim).Value;
        var targets = requested.Select((id, i) => UserIdentity.Parse(id, $"ids[{i}]").Value).ToArray();
        var changes = Channel.CreateBounded<PresenceView>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        // Orleans holds an object reference's target weakly: the stream keeps the receiver alive itself (to the end of
        // the method), or a garbage collection in the middle of a stream silently ends its events.
        var receiver = new Observer(watcher, changes.Writer);
        var observer = grains.CreateObjectReference<IPresenceObserver>(receiver);
        var query = grains.GetGrain<IPresenceQueryGrain>(0);
        var stopping = context.RequestAborted;
        try
        {
            var initial = await query.SubscribeAsync(watcher, targets, observer);
            context.Response.Headers.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            var latest = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var view in initial)
            {
                await WriteAsync(context, view, latest, json.Value.SerializerOptions, stopping);
            }

            var renewAt = DateTimeOffset.UtcNow + Renewal;
            while (!stopping.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                wait.CancelAfter(KeepAlive);
                try
                {
                    var view = await changes.Reader.ReadAsync(wait.Token);
                    await WriteAsync(context, view, latest, json.Value.SerializerOptions, stopping);
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                {
                    // A comment line keeps proxies from closing an idle stream.
                    await context.Response.WriteAsync(": keep-alive\n\n", stopping);
                    await context.Response.Body.FlushAsync(stopping);
                }

                if (DateTimeOffset.UtcNow >= renewAt)
                {
                    // Renewing brings the latest views too; older sequence numbers are dropped by WriteAsync.
                    foreach (var view in await query.SubscribeAsync(watcher, targets, observer))
                    {
                        await WriteAsync(context, view, latest, json.Value.SerializerOptions, stopping);
                    }

                    renewAt = DateTimeOffset.UtcNow + Renewal;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            try
            {
                await query.UnsubscribeAsync(watcher, targets, observer).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
            }
            catch (Exception exception) when (exception is OrleansException or TimeoutException)
            {
                // The subscription lapses at its lifetime anyway.
            }

            grains.DeleteObjectReference<IPresenceObserver>(observer);
            changes.Writer.TryComplete();
            GC.KeepAlive(receiver);
        }
    }

    private static async Task WriteAsync(HttpContext context, PresenceView view, Dictionary<string, long> latest, JsonSerializerOptions json, CancellationToken stopping)
    {
        if (latest.TryGetValue(view.Target, out var seen) && view.Sequence <= seen)
        {
            return;
        }

        latest[view.Target] = view.Sequence;
        var data = JsonSerializer.Serialize(GraphPresence.From(view), json);
        await context.Response.WriteAsync($"event: presence\nid: {view.Sequence}\ndata: {data}\n\n", stopping);
        await context.Response.Body.FlushAsync(stopping);
    }

    /// <summary>Receives the changes in the silo and hands them to the stream (the oldest dropped if a slow client falls far behind).</summary>
    private sealed class Observer(string watcher, ChannelWriter<PresenceView> changes) : IPresenceObserver
    {
        public Task OnPresenceChangesAsync(PresenceChange[] batch)
        {
            foreach (var change in batch)
            {
                if (string.Equals(change.Watcher, watcher, StringComparison.Ordinal))
                {
                    changes.TryWrite(change.View);
                }
            }

            return Task.CompletedTask;
        }
    }
}
