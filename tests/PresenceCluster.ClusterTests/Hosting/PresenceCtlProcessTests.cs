using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using PresenceCluster.ClusterTests.Infrastructure;

namespace PresenceCluster.ClusterTests.Hosting;

/// <summary>presencectl as a separate process, through the gateway: user tokens the Graph API accepts, and the Exchange commands.</summary>
public sealed class PresenceCtlProcessTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _dataDirectory = PresenceTestCluster.NewDataDirectory();
    private readonly int _gatewayPort = FreePort.Next();

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task UserToken_IsAcceptedByTheGraphApi_AndABadLifetimeIsRefused()
    {
        await using var silo = DotnetProcess.StartSilo(_dataDirectory, _gatewayPort);
        await silo.WaitForOutputAsync(DotnetProcess.SiloReady, Patience);

        var issued = await PresenceCtlAsync("user", "token", "--user", "sip:alice@contoso.com", "--lifetime", "00:10:00");
        var json = await PresenceCtlAsync("user", "token", "--user", "sip:bob@contoso.com", "--json");
        var tooLong = await PresenceCtlAsync("user", "token", "--user", "sip:alice@contoso.com", "--lifetime", "2.00:00:00");
        var badUser = await PresenceCtlAsync("user", "token", "--user", "alice");

        Assert.True(issued.ExitCode == 0, issued.Errors);
        using var http = new HttpClient { BaseAddress = silo.SiloHttpAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Output.Trim());
        var me = await http.GetFromJsonAsync<JsonElement>("/v1.0/me/presence");
        Assert.Equal("alice@contoso.com", me.GetProperty("id").GetString());

        var answer = JsonDocument.Parse(json.Output).RootElement;
        Assert.Equal("Bearer", answer.GetProperty("token_type").GetString());
        Assert.InRange(answer.GetProperty("expires_in").GetInt32(), 8 * 3600 - 60, 8 * 3600);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", answer.GetProperty("access_token").GetString());
        Assert.Equal("bob@contoso.com", (await http.GetFromJsonAsync<JsonElement>("/v1.0/me/presence")).GetProperty("id").GetString());

        Assert.NotEqual(0, tooLong.ExitCode);
        Assert.Contains("lifetime", tooLong.Errors, StringComparison.Ordinal);
        Assert.Contains("1.00:00:00", tooLong.Errors, StringComparison.Ordinal);
        Assert.NotEqual(0, badUser.ExitCode);
        Assert.Contains("user 'alice'", badUser.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", badUser.Output, StringComparison.Ordinal);

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Output.Trim() + "x");
        using var tampered = await http.GetAsync("/v1.0/me/presence");
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
    }

    [Fact]
    public async Task ExchangeCommands_ShowEachSilosConnector_AndKeepMailboxOverrides()
    {
        await using var silo = DotnetProcess.StartSilo(_dataDirectory, _gatewayPort);
        await silo.WaitForOutputAsync(DotnetProcess.SiloReady, Patience);

        var status = await PresenceCtlAsync("exchange", "status", "--json");
        var set = await PresenceCtlAsync("exchange", "mailbox", "set", "--user", "sip:bob@contoso.com", "--address", "robert.smith@contoso.com");
        var bad = await PresenceCtlAsync("exchange", "mailbox", "set", "--user", "sip:carol@contoso.com", "--address", "not an address");
        var list = await PresenceCtlAsync("exchange", "mailbox", "list");
        var cleared = await PresenceCtlAsync("exchange", "mailbox", "clear", "--user", "sip:bob@contoso.com");
        var empty = await PresenceCtlAsync("exchange", "mailbox", "list", "--json");

        Assert.True(status.ExitCode == 0, status.Errors);
        Assert.Equal("None", Assert.Single(JsonDocument.Parse(status.Output).RootElement.EnumerateArray()).GetProperty("backend").GetString());
        Assert.True(set.ExitCode == 0, set.Errors);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("not an SMTP address", bad.Errors, StringComparison.Ordinal);
        Assert.Contains("sip:bob@contoso.com  robert.smith@contoso.com", list.Output, StringComparison.Ordinal);
        Assert.True(cleared.ExitCode == 0, cleared.Errors);
        Assert.Equal("{}", empty.Output.Trim());
    }

    [Fact]
    public async Task ContactCommands_KeepAUsersPolicy_AndSayWhyAListCannotMove()
    {
        await using var silo = DotnetProcess.StartSilo(_dataDirectory, _gatewayPort);
        await silo.WaitForOutputAsync(DotnetProcess.SiloReady, Patience);

        var before = await PresenceCtlAsync("contacts", "status", "--user", "sip:bob@contoso.com", "--json");
        var set = await PresenceCtlAsync("contacts", "policy", "set", "--user", "sip:bob@contoso.com", "--ucs-allowed", "true", "--migration-delay-days", "2");
        var tooLong = await PresenceCtlAsync("contacts", "policy", "set", "--user", "sip:bob@contoso.com", "--migration-delay-days", "181");
        var badUser = await PresenceCtlAsync("contacts", "status", "--user", "bob");
        var sync = await PresenceCtlAsync("contacts", "policy", "set", "--user", "sip:carol@contoso.com", "--ucs-allowed", "true");
        var carol = await PresenceCtlAsync("contacts", "sync", "--user", "sip:carol@contoso.com", "--json");
        var rollback = await PresenceCtlAsync("contacts", "rollback", "--user", "sip:carol@contoso.com");
        var cleared = await PresenceCtlAsync("contacts", "policy", "clear", "--user", "sip:bob@contoso.com");

        Assert.True(before.ExitCode == 0, before.Errors);
        var status = JsonDocument.Parse(before.Output).RootElement;
        Assert.Equal("Cluster", status.GetProperty("store").GetString());
        Assert.False(status.GetProperty("ucsAllowed").GetBoolean());
        Assert.True(set.ExitCode == 0, set.Errors);
        Assert.Contains("UcsAllowed=True delay=2d (user's own)", set.Output, StringComparison.Ordinal);
        Assert.Contains("Waiting", set.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, tooLong.ExitCode);
        Assert.Contains("between 0 and 180", tooLong.Errors, StringComparison.Ordinal);
        Assert.NotEqual(0, badUser.ExitCode);
        Assert.True(sync.ExitCode == 0, sync.Errors);
        Assert.Contains("Exchange:Backend is None", JsonDocument.Parse(carol.Output).RootElement.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.True(rollback.ExitCode == 0, rollback.Errors);
        Assert.Contains("Cluster", rollback.Output, StringComparison.Ordinal);
        Assert.Contains("UcsAllowed=False delay=0d", cleared.Output, StringComparison.Ordinal);
    }

    private async Task<DotnetProcess> PresenceCtlAsync(params string[] arguments)
    {
        var process = DotnetProcess.Start("presencectl", new Dictionary<string, string>(), [.. arguments, "--gateway", $"127.0.0.1:{_gatewayPort}"]);
        await process.WaitForExitAsync(Patience);
        return process;
    }
}
