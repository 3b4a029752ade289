using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using PresenceCluster.Grains;
using PresenceCluster.Partners;

namespace PresenceCluster.Cli;

/// <summary><c>presencectl partner …</c>: register, list, enable, disable, remove and refresh partner applications.</summary>
internal static class PartnerCommands
{
    public static Command Create(CommandRunner run)
    {
        var partner = new Command("partner", "Partner applications (Exchange, SharePoint, …) whose S2S tokens the cluster accepts.");
        partner.Subcommands.Add(Add(run));
        partner.Subcommands.Add(List(run));
        partner.Subcommands.Add(SetEnabled(run, "enable", true));
        partner.Subcommands.Add(SetEnabled(run, "disable", false));
        partner.Subcommands.Add(Remove(run));
        partner.Subcommands.Add(Refresh(run));
        return partner;
    }

    private static Command Add(CommandRunner run)
    {
        var metadataUrl = new Option<string?>("--metadata-url") { Description = "The partner's metadata document (https; http only on loopback). Fetched now and refreshed on a schedule." };
        var certificates = new Option<FileInfo[]>("--certificate") { Description = "The partner's token-signing certificate (.cer/.crt/.pem, DER or PEM; repeatable), instead of a metadata URL." };
        var applicationId = new Option<string?>("--app-id") { Description = "The partner's application id (default: from the metadata document)." };
        var realm = new Option<string?>("--realm") { Description = "The realm the partner issues tokens in (default: from the metadata document)." };
        var trust = new Option<TrustLevel>("--trust") { Description = "Full: as itself and for any user; Application: as itself only; User: only for users.", DefaultValueFactory = _ => TrustLevel.Full };
        var operations = new Option<PartnerOperations>("--operations") { Description = "Partner API operations it may call: PresenceRead, All or None.", DefaultValueFactory = _ => PartnerOperations.All };
        var disabled = new Option<bool>("--disabled") { Description = "Register it disabled (its tokens are refused until 'partner enable')." };
        var command = new Command("add", "Register a partner application, or replace the one with the same application id.")
        {
            metadataUrl, certificates, applicationId, realm, trust, operations, disabled,
        };
        command.SetAction(async parse =>
        {
            byte[][] ders;
            try
            {
                ders = [.. (parse.GetValue(certificates) ?? []).Select(file => X509CertificateLoader.LoadCertificateFromFile(file.FullName).RawData)];
            }
            catch (Exception exception) when (exception is IOException or CryptographicException or UnauthorizedAccessException)
            {
                return await run.FailAsync(ExitCodes.Unavailable, $"a certificate file could not be read ({exception.Message})");
            }

            if ((parse.GetValue(metadataUrl) is null) == (ders.Length == 0))
            {
                return await run.FailAsync(ExitCodes.Usage, "give either --metadata-url or --certificate (with --app-id and --realm).");
            }

            Uri? url = null;
            if (parse.GetValue(metadataUrl) is { } text && !Uri.TryCreate(text, UriKind.Absolute, out url))
            {
                return await run.FailAsync(ExitCodes.Usage, $"--metadata-url '{text}' is not an absolute URL.");
            }

            var registration = new PartnerRegistration
            {
                MetadataUrl = url,
                Certificates = ders,
                ApplicationId = parse.GetValue(applicationId),
                Realm = parse.GetValue(realm),
                TrustLevel = parse.GetValue(trust),
                Operations = parse.GetValue(operations),
                Enabled = !parse.GetValue(disabled),
            };
            return await run.WithClusterAsync(parse, async cluster =>
            {
                var added = await CommandRunner.Registry(cluster).AddPartnerAsync(registration);
                await run.Output.WriteLineAsync($"Registered partner {added.ApplicationId}@{added.Realm} ({added.TrustLevel}, {(added.Enabled ? "enabled" : "disabled")}, {added.Keys.Count} signing key(s)).");
            });
        });
        return command;
    }

    private static Command List(CommandRunner run)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("list", "List the registered partner applications and the state of their keys.") { json };
        command.SetAction(parse => run.WithClusterAsync(parse, async cluster =>
        {
            var partners = await CommandRunner.Registry(cluster).ListPartnersAsync();
            if (parse.GetValue(json))
            {
                await run.Output.WriteLineAsync(JsonSerializer.Serialize(partners, OutputFormat.Json));
                return;
            }

            await run.Output.WriteLineAsync(OutputFormat.Table(
                ["APPLICATION ID", "REALM", "TRUST", "ENABLED", "OPERATIONS", "KEYS", "SOURCE", "LAST REFRESH"],
                partners.Select(p => new[]
                {
                    p.ApplicationId,
                    p.Realm,
                    p.TrustLevel.ToString(),
                    p.Enabled ? "yes" : "no",
                    p.Operations.ToString(),
                    p.Keys.Count == 0 ? "none" : $"{p.Keys.Count}, first expires {p.Keys.Min(k => k.NotAfter):yyyy-MM-dd}",
                    p.MetadataUrl?.ToString() ?? "certificate",
                    OutputFormat.Refresh(p),
                })));
        }));
        return command;
    }

    private static Command SetEnabled(CommandRunner run, string name, bool enabled)
    {
        var applicationId = new Argument<string>("app-id") { Description = "The partner's application id." };
        var command = new Command(name, enabled ? "Accept the partner's tokens again." : "Refuse the partner's tokens on every silo from now on.") { applicationId };
        command.SetAction(parse => run.WithClusterAsync(parse, async cluster =>
        {
            var changed = await CommandRunner.Registry(cluster).SetPartnerEnabledAsync(parse.GetValue(applicationId)!, enabled);
            await run.Output.WriteLineAsync($"Partner {changed.ApplicationId} is {(changed.Enabled ? "enabled" : "disabled")}.");
        }));
        return command;
    }

    private static Command Remove(CommandRunner run)
    {
        var applicationId = new Argument<string>("app-id") { Description = "The partner's application id." };
        var command = new Command("remove", "Forget a partner application.") { applicationId };
        command.SetAction(parse => run.WithClusterAsync(parse, async cluster =>
        {
            await CommandRunner.Registry(cluster).RemovePartnerAsync(parse.GetValue(applicationId)!);
            await run.Output.WriteLineAsync($"Partner {parse.GetValue(applicationId)} removed.");
        }));
        return command;
    }

    private static Command Refresh(CommandRunner run)
    {
        var command = new Command("refresh", "Fetch every partner's metadata document now (normally done on the OAuth:MetadataRefreshInterval schedule).");
        command.SetAction(parse => run.WithClusterAsync(parse, async cluster =>
        {
            foreach (var partner in await CommandRunner.Registry(cluster).RefreshPartnersAsync(force: true))
            {
                await run.Output.WriteLineAsync($"{partner.ApplicationId}: {OutputFormat.Refresh(partner)}");
            }
        }));
        return command;
    }
}
