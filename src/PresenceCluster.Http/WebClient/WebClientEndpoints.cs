using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace PresenceCluster.Http.WebClient;

/// <summary>
/// The web client at <c>/</c>: static files built into this assembly (no Node build step, nothing to deploy beside the
/// silo), sent with a content security policy that lets the page talk to this silo only and run no inline script.
/// </summary>
public static class WebClientEndpoints
{
    /// <summary>The policy: own origin only, no inline script or style, no framing.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>Serves the web client's files.</summary>
    public static WebApplication UseWebClient(this WebApplication app)
    {
        var files = new ManifestEmbeddedFileProvider(typeof(WebClientEndpoints).Assembly, "WebClient/wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";

                // Always revalidated: a silo upgrade must not leave browsers on the previous script.
                headers.CacheControl = "no-cache";
            },
        });
        return app;
    }
}
