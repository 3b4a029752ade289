using System.Net;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Dashboard;
using PresenceCluster.Auth;
using PresenceCluster.Diagnostics;
using PresenceCluster.Http.Authentication;
using PresenceCluster.Http.Diagnostics;
using PresenceCluster.Http.Errors;
using PresenceCluster.Http.Health;
using PresenceCluster.Http.OAuth;
using PresenceCluster.Http.Exchange;
using PresenceCluster.Http.Graph;
using PresenceCluster.Http.Partners;
using PresenceCluster.Http.Users;
using PresenceCluster.Http.WebClient;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using PresenceCluster.OAuth;
using Scalar.AspNetCore;

namespace PresenceCluster.Http.Hosting;

/// <summary>
/// The silo's one HTTP pipeline: Kestrel as section <c>Http</c> says, problem details and one exception handler,
/// partner authentication as a scheme with a policy per operation, OpenAPI, health checks and OpenTelemetry; then
/// the routes. The silo itself comes from <c>UseOrleans</c> on the same builder, so every service is one container.
/// </summary>
public static class PresenceHttpHostExtensions
{
    /// <summary>The health-check tag of readiness checks.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Adds the HTTP services. Bad <c>Http</c> or <c>Telemetry</c> settings throw <see cref="OptionsValidationException"/> naming them.</summary>
    public static WebApplicationBuilder AddPresenceHttp(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(HttpHostOptions.SectionName);
        var http = section.Get<HttpHostOptions>() ?? new HttpHostOptions();
        var telemetry = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var users = builder.Configuration.GetSection(UserAuthenticationOptions.SectionName).Get<UserAuthenticationOptions>() ?? new UserAuthenticationOptions();
        var graph = builder.Configuration.GetSection(GraphOptions.SectionName).Get<GraphOptions>() ?? new GraphOptions();
        var limits = builder.Configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>() ?? new RateLimitOptions();
        var loopbackOnly = LoopbackOnly(builder.Configuration, http);
        if (http.Validate().Concat(telemetry.Validate()).Concat(users.Validate(loopbackOnly)).Concat(graph.Validate()).Concat(limits.Validate()).ToList() is { Count: > 0 } failures)
        {
            throw new OptionsValidationException(HttpHostOptions.SectionName, typeof(HttpHostOptions), failures);
        }

        builder.Services.AddOptions<HttpHostOptions>().Bind(section);
        builder.Services.AddOptions<UserAuthenticationOptions>().Bind(builder.Configuration.GetSection(UserAuthenticationOptions.SectionName));
        builder.Services.AddOptions<GraphOptions>().Bind(builder.Configuration.GetSection(GraphOptions.SectionName));
        builder.Services.AddOptions<RateLimitOptions>().Bind(builder.Configuration.GetSection(RateLimitOptions.SectionName));
        builder.Services.AddSingleton(new DevSignInSwitch(users.DevSignInEnabled(loopbackOnly)));
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = http.MaxRequestBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = HttpHostOptions.MaxRequestHeadersBytes;
            kestrel.Limits.Http2.MaxRequestHeaderFieldSize = HttpHostOptions.MaxRequestHeadersBytes;

            // Kestrel:Endpoints (for TLS with a certificate, or several endpoints) replaces Http:Port and Http:ListenAddress.
            if (!context.Configuration.GetSection("Kestrel:Endpoints").Exists())
            {
                if (http.ListenIPAddress is { } address)
                {
                    kestrel.Listen(address, http.Port);
                }
                else if (http.Port == 0)
                {
                    // Kestrel cannot pick one free port for both loopback addresses; IPv4 it is.
                    kestrel.Listen(IPAddress.Loopback, 0);
                }
                else
                {
                    // 127.0.0.1 and, where the machine has it, ::1 (containers often do not).
                    kestrel.ListenLocalhost(http.Port);
                }
            }
        });

        // ASP.NET Core's own per-request lines (request started/finished, scheme not authenticated, challenged) are
        // noise at this rate; the cluster logs its own refusals once, with their numbered reason.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter(typeof(S2SAuthenticationHandler).FullName, LogLevel.Warning);

        var services = builder.Services;
        services.AddProblemDetails();
        services.AddExceptionHandler<PresenceExceptionHandler>();
        services.Configure<JsonOptions>(json =>
        {
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
        });
        services.AddSingleton<DevTokenIssuer>();
        services.AddSingleton<PresenceCluster.Identity.IUserTokenIssuer>(provider => provider.GetRequiredService<DevTokenIssuer>());
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, S2SAuthenticationHandler>(S2SAuthenticationDefaults.Scheme, displayName: "OAuth server-to-server", configureOptions: null)
            .AddJwtBearer(UserIdentity.Scheme, _ => { });
        services.AddOptions<JwtBearerOptions>(UserIdentity.Scheme).Configure<DevTokenIssuer>((jwt, issuer) => ConfigureUserTokens(jwt, users, issuer));
        services.AddAuthorizationBuilder()
            .AddPartnerPolicies()
            .AddPolicy(UserIdentity.Policy, policy => policy.AddAuthenticationSchemes(UserIdentity.Scheme).RequireAuthenticatedUser());
        services.AddCallerRateLimits(limits);
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "PresenceCluster";
            document.Info.Description = "The HTTP API of a PresenceCluster silo: the Microsoft Graph-compatible presence API for end users (bearer tokens), OAuth metadata and the partner API (server-to-server tokens).";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks()
            .AddCheck<SiloActiveHealthCheck>("silo", tags: [ReadyTag])
            .AddCheck<StorageHealthCheck>("storage", tags: [ReadyTag]);
        AddTelemetry(services, telemetry);
        return builder;
    }

    /// <summary>Maps every route of the silo's HTTP endpoint.</summary>
    public static WebApplication MapPresenceHttp(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseMiddleware<AddressFloodGuard>();
        app.UseMiddleware<DiagnosticsAccessMiddleware>();
        if (app.Services.GetRequiredService<IOptions<HttpHostOptions>>().Value.WebClient)
        {
            app.UseWebClient();
        }

        app.UseAuthentication();
        app.UseAuthorization();

        // After authorization, so that a request counts against the user or partner it authenticated as.
        app.UseRateLimiter();

        app.MapHealthChecks(PresenceHttpPaths.Live, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(PresenceHttpPaths.Ready, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        app.MapPrometheusScrapingEndpoint(PresenceHttpPaths.Metrics);
        app.MapOpenApi(PresenceHttpPaths.OpenApi + "/{documentName}.json");
        app.MapScalarApiReference(PresenceHttpPaths.ApiReference, options => options.WithTitle("PresenceCluster API"));
        app.MapOrleansDashboard(PresenceHttpPaths.Dashboard).ExcludeFromDescription();

        // Created now rather than by the first grain that counts something, so that its gauges are exported from the start.
        app.Services.GetRequiredService<PresenceMetrics>();

        var oauth = app.Services.GetRequiredService<IOptions<OAuthOptions>>().Value;
        app.MapOAuthMetadata(app.Services.GetRequiredService<OAuthDirectory>(), oauth);
        app.MapPartnerApi(oauth);
        app.MapDevSignIn(app.Services.GetRequiredService<DevSignInSwitch>().Enabled);
        app.MapGraphPresenceApi();
        app.MapGraphPresenceWriteApi();
        app.MapPresenceEventsApi();
        app.MapGraphContactsApi();
        app.MapGraphSubscriptionsApi();
        app.MapCalendarNotificationsApi().RequireRateLimiting(CallerRateLimits.NotificationPolicy);
        return app;
    }

    /// <summary>Whether HTTP listens on loopback only: the condition of the development sign-in.</summary>
    private static bool LoopbackOnly(ConfigurationManager configuration, HttpHostOptions http) =>
        !configuration.GetSection("Kestrel:Endpoints").Exists() && (http.ListenIPAddress is not { } address || IPAddress.IsLoopback(address));

    /// <summary>
    /// End users' bearer tokens: from the configured identity provider (discovery document, issuer, audience,
    /// lifetime), or else the cluster's own development sign-in tokens (its signing certificates). A refusal under
    /// <c>/v1.0</c> is answered with Graph's error envelope.
    /// </summary>
    private static void ConfigureUserTokens(JwtBearerOptions jwt, UserAuthenticationOptions users, DevTokenIssuer issuer)
    {
        jwt.MapInboundClaims = false;
        jwt.Audience = users.Audience;
        if (users.Authority is { } authority)
        {
            jwt.Authority = authority.ToString();
            jwt.RequireHttpsMetadata = !authority.IsLoopback;
        }
        else
        {
            jwt.TokenValidationParameters = new Microsoft.IdentityModel.Tokens.TokenValidationParameters
            {
                ValidIssuer = UserAuthenticationOptions.DevIssuer,
                ValidAudience = users.Audience,
                ValidAlgorithms = [Microsoft.IdentityModel.Tokens.SecurityAlgorithms.RsaSha256],
                IssuerSigningKeyResolver = (_, _, _, _) => issuer.SigningKeys(),
            };
        }

        jwt.Events = new JwtBearerEvents
        {
            OnChallenge = context =>
            {
                context.HandleResponse();
                context.Response.Headers.WWWAuthenticate = context.Error is { } error ? $"Bearer error=\"{error}\"" : "Bearer";
                var message = context.AuthenticateFailure is null
                    ? "A bearer token is required: sign in (development: POST /auth/dev/token) and send Authorization: Bearer <token>."
                    : "The bearer token was refused (expired, not for this service, or not signed by a trusted issuer).";
                return GraphError.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, message);
            },
            OnForbidden = context => GraphError.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "The signed-in user may not do this."),
        };
    }

    private static void AddTelemetry(IServiceCollection services, TelemetryOptions telemetry)
    {
        var openTelemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(telemetry.ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter("Microsoft.Orleans", PresenceMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation());
        if (telemetry.OtlpEndpoint is { } endpoint)
        {
            openTelemetry.UseOtlpExporter(telemetry.OtlpProtocol, endpoint);
        }
    }
}
