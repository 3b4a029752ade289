using OpenTelemetry.Exporter;

namespace PresenceCluster.Http.Hosting;

/// <summary>Where metrics and traces go besides <c>/metrics</c>. Section <c>Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Telemetry";

    /// <summary>The OpenTelemetry collector to export metrics and traces to (OTLP); empty (the default): none.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>OTLP over <c>Grpc</c> (the default, port 4317) or <c>HttpProtobuf</c> (port 4318).</summary>
    public OtlpExportProtocol OtlpProtocol { get; set; } = OtlpExportProtocol.Grpc;

    /// <summary>The service name in exported telemetry. Default <c>PresenceCluster</c>.</summary>
    public string ServiceName { get; set; } = "PresenceCluster";

    /// <summary>Every problem with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (OtlpEndpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https")))
        {
            failures.Add($"Telemetry:OtlpEndpoint '{endpoint}' must be an absolute http or https URL, for example http://collector:4317.");
        }

        if (string.IsNullOrWhiteSpace(ServiceName))
        {
            failures.Add("Telemetry:ServiceName must not be empty.");
        }

        return failures;
    }
}
