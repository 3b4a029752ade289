using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using PresenceCluster.Grains;
using PresenceCluster.Partners;

namespace PresenceCluster.Cli;

/// <summary><c>presencectl oauth …</c>: show the cluster's OAuth identity, and roll its token-issuer certificate over.</summary>
internal static class OAuthCommands
{
    public static Command Create(CommandRunner run)
    {
        var oauth = new Command("oauth", "The cluster's OAuth identity and token-issuer certificate.");
        oauth.Subcommands.Add(Show(run));
        var rollover = new Command("rollover", "Replace the token-issuer certificate without downtime: stage the next one with an effective date, complete after it.");
        rollover.Subcommands.Add(Stage(run));
        rollover.Subcommands.Add(Complete(run));
        oauth.Subcommands.Add(rollover);
        return oauth;
    }

    private static Command Show(CommandRunner run)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("show", "Show the issuer, the audience partners address, and the certificates published.") { json };
        command.SetAction(parse => run.WithClusterAsync(parse, async cluster =>
        {
            var signing = await CommandRunner.Registry(cluster).GetSigningAsync();
            if (parse.GetValue(json))
            {
                await run.Output.WriteLineAsync(JsonSerializer.Serialize(signing, OutputFormat.Json));
                return;
            }

            await run.Output.WriteLineAsync($"Issuer:          {signing.Issuer}");
            await run.Output.WriteLineAsync($"Audience:        {signing.Audience}");
            await run.Output.WriteLineAsync($"Token lifetime:  {signing.TokenLifetime}");
            await run.Output.WriteLineAsync($"Signing now:     {Describe(signing.Current)}");
            await run.Output.WriteLineAsync(signing.Next is { } next
                ? $"Next (from {signing.NextEffective:yyyy-MM-dd HH:mm:ss}Z): {Describe(next)}"
                : "Next:            none staged");
        }));
        return command;
    }

    private static Command Stage(CommandRunner run)
    {
        var certificate = new Option<FileInfo>("--certificate") { Description = "The next certificate: .pfx/.p12 (with --password) or .pem with its private key; RSA ≥ 2048.", Required = true };
        var password = new Option<string?>("--password") { Description = "The .pfx password. Default: $PRESENCECTL_CERTIFICATE_PASSWORD." };
        var effective = new Option<DateTimeOffset>("--effective")
        {
            Description = "When the next certificate starts signing (ISO 8601, UTC unless an offset is given); before the current one expires.",
            Required = true,
            CustomParser = result => DateTimeOffset.Parse(result.Tokens.Single().Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        };
        var command = new Command("stage", "Publish a next certificate now and let it sign from --effective on.") { certificate, password, effective };
        command.SetAction(async parse =>
        {
            byte[] pkcs12;
            try
            {
                var file = parse.GetValue(certificate)!;
                using var loaded = Path.GetExtension(file.Name).ToLowerInvariant() is ".pem"
                    ? X509Certificate2.CreateFromPemFile(file.FullName)
                    : X509CertificateLoader.LoadPkcs12FromFile(file.FullName, parse.GetValue(password) ?? Environment.GetEnvironmentVariable("PRESENCECTL_CERTIFICATE_PASSWORD"), X509KeyStorageFlags.Exportable);
                if (!loaded.HasPrivateKey)
                {
                    return await run.FailAsync(ExitCodes.Usage, $"'{file.Name}' holds no private key; the token-issuer certificate must sign.");
                }

                pkcs12 = loaded.Export(X509ContentType.Pkcs12);
            }
            catch (Exception exception) when (exception is IOException or CryptographicException or UnauthorizedAccessException)
            {
                return await run.FailAsync(ExitCodes.Unavailable, $"the certificate could not be read ({exception.Message})");
            }

            return await run.WithClusterAsync(parse, async cluster =>
            {
                var signing = await CommandRunner.Registry(cluster).StageRolloverAsync(pkcs12, parse.GetValue(effective));
                await run.Output.WriteLineAsync($"Staged {signing.Next!.Thumbprint}: published now, signs from {signing.NextEffective:yyyy-MM-dd HH:mm:ss}Z. Run 'presencectl oauth rollover complete' after that.");
            });
        });
        return command;
    }

    private static Command Complete(CommandRunner run)
    {
        var command = new Command("complete", "Stop publishing the previous certificate (only after the next one's effective date).");
        command.SetAction(parse => run.WithClusterAsync(parse, async cluster =>
        {
            var signing = await CommandRunner.Registry(cluster).CompleteRolloverAsync();
            await run.Output.WriteLineAsync($"Rollover complete: {signing.Current.Thumbprint} is the only token-issuer certificate.");
        }));
        return command;
    }

    private static string Describe(PartnerKeyInfo key) => $"{key.Thumbprint} ({key.Subject}, expires {key.NotAfter:yyyy-MM-dd})";
}
