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
using PresenceCluster.Http.Partners;
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
        if (http.Validate().Concat(telemetry.Validate()).ToList() is { Count: > 0 } failures)
        {
            throw new OptionsValidationException(HttpHostOptions.SectionName, typeof(HttpHostOptions), failures);
        }

        builder.Services.AddOptions<HttpHostOptions>().Bind(section);
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = http.MaxRequestBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = HttpHostOptions.MaxRequestHeadersBytes;
            kestrel.Limits.Http2.MaxRequestHeaderFieldSize = HttpHostOptions.MaxRequestHeadersBytes;

            // Kestrel:Endpoints (for TLS with a certificate, or several endpoints) replaces Http:Port and Http:ListenAddress.
            if (!context.Configuration.GetSection("Kestrel:Endpoints").Exists())
            {
                kestrel.Listen(http.ListenIPAddress ?? IPAddress.Loopback, http.Port);
                if (http.ListenIPAddress is null && http.Port != 0 && System.Net.Sockets.Socket.OSSupportsIPv6)
                {
                    kestrel.Listen(IPAddress.IPv6Loopback, http.Port);
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
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, S2SAuthenticationHandler>(S2SAuthenticationDefaults.Scheme, displayName: "OAuth server-to-server", configureOptions: null);
        services.AddAuthorizationBuilder().AddPartnerPolicies();
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "PresenceCluster";
            document.Info.Description = "The HTTP API of a PresenceCluster silo: OAuth metadata and the partner API (server-to-server tokens).";
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
        app.UseMiddleware<DiagnosticsAccessMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();

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
        return app;
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
