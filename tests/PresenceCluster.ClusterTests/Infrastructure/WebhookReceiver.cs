using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PresenceCluster.ClusterTests.Infrastructure;

/// <summary>
/// A webhook receiver as a Graph client writes one, on a real loopback Kestrel: it answers the validation handshake
/// by echoing <c>validationToken</c>, and accepts notifications at <c>/hook</c> and lifecycle events at
/// <c>/lifecycle</c> with 202 — unless told to fail, when it answers 503.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly Channel<JsonElement> _notifications = Channel.CreateUnbounded<JsonElement>();
    private readonly Channel<JsonElement> _lifecycle = Channel.CreateUnbounded<JsonElement>();
    private LoopbackHttpServer _server = null!;
    private int _failuresLeft;
    private int _validations;
    private int _refused;

    /// <summary>Where notifications go.</summary>
    public Uri NotificationUrl => new(_server.Address, "hook?tenant=contoso");

    /// <summary>Where lifecycle events go.</summary>
    public Uri LifecycleUrl => new(_server.Address, "lifecycle");

    /// <summary>Whether the handshake is answered with a wrong body.</summary>
    public bool EchoesWrongToken { get; set; }

    /// <summary>Whether every notification is refused (503), until set back; lifecycle events are still accepted.</summary>
    public bool Down { get; set; }

    /// <summary>The query string of the last accepted post (Graph posts to the notification URL as given, query included).</summary>
    public string? LastQuery { get; private set; }

    /// <summary>Validation requests answered.</summary>
    public int Validations => Volatile.Read(ref _validations);

    /// <summary>Notification posts refused.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        receiver._server = await LoopbackHttpServer.StartAsync(app =>
        {
            app.MapPost("/hook", context => receiver.HandleAsync(context, receiver._notifications, mayFail: true));
            app.MapPost("/lifecycle", context => receiver.HandleAsync(context, receiver._lifecycle, mayFail: false));
        });
        return receiver;
    }

    /// <summary>Refuses the next <paramref name="count"/> notification posts.</summary>
    public void FailNext(int count) => Volatile.Write(ref _failuresLeft, count);

    /// <summary>The next notification post's body (a barrier: fails after a generous timeout).</summary>
    public Task<JsonElement> NextNotificationAsync() => NextAsync(_notifications, "notification");

    /// <summary>The next lifecycle post's body.</summary>
    public Task<JsonElement> NextLifecycleEventAsync() => NextAsync(_lifecycle, "lifecycle event");

    /// <summary>Whether a notification is waiting now.</summary>
    public bool TryTakeNotification(out JsonElement notification) => _notifications.Reader.TryRead(out notification);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context, Channel<JsonElement> into, bool mayFail)
    {
        if (context.Request.Query.TryGetValue("validationToken", out var token))
        {
            Interlocked.Increment(ref _validations);
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(EchoesWrongToken ? "something else" : token.ToString());
            return;
        }

        if (mayFail && (Down || Interlocked.Decrement(ref _failuresLeft) >= 0))
        {
            Interlocked.Increment(ref _refused);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        LastQuery = context.Request.QueryString.Value;
        into.Writer.TryWrite(await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body));
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private static async Task<JsonElement> NextAsync(Channel<JsonElement> from, string what)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            return await from.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"No {what} arrived within {Patience}.");
        }
    }
}
