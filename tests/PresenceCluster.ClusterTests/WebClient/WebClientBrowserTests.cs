using System.Net;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using PresenceCluster.ClusterTests.Infrastructure;
using Xunit.Abstractions;

namespace PresenceCluster.ClusterTests.WebClient;

/// <summary>
/// The web client in a real browser against a real silo process: two signed-in users, live presence without a reload,
/// contacts added, moved and removed, everything reachable from the keyboard; a screenshot of the contact list is kept
/// as a test artefact.
/// </summary>
public sealed class WebClientBrowserTests : IAsyncLifetime
{
    private readonly string _dataDirectory = PresenceTestCluster.NewDataDirectory();
    private readonly ITestOutputHelper _output;
    private DotnetProcess _silo = null!;
    private Uri _address = null!;

    public WebClientBrowserTests(ITestOutputHelper output) => _output = output;

    public async Task InitializeAsync()
    {
        _silo = DotnetProcess.StartSilo(_dataDirectory, FreePort.Next());
        await _silo.WaitForOutputAsync(DotnetProcess.SiloReady, TimeSpan.FromSeconds(60));
        _address = _silo.SiloHttpAddress;
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public void TwoUsers_BobsBusyAndNoteShowOnAlicesPageWithoutReload_AndAliceManagesHerContacts()
    {
        using var alice = HeadlessChromium.Start();
        using var bob = HeadlessChromium.Start();
        SignIn(alice, "alice@contoso.com");
        SignIn(bob, "bob@contoso.com");

        // Alice adds Bob to a new group; he appears in it, online (his page is a signed-in session).
        Type(alice, "add-address", "bob@contoso.com");
        Type(alice, "add-group", "Release team");
        alice.FindElement(By.Id("add-contact")).Click();
        alice.WaitFor("Bob in Alice's list", d => Row(d, "bob@contoso.com"));
        Assert.Equal("Release team (1)", alice.FindElement(By.CssSelector("#groups h3")).GetDomProperty("textContent"));
        alice.WaitUntil("Bob available", d => Row(d, "bob@contoso.com")?.GetDomAttribute("data-availability") == "Available");

        // A marker in the page's own state: a reload would lose it.
        ((IJavaScriptExecutor)alice).ExecuteScript("window.noReload = 'kept';");

        // Bob, by keyboard only: availability Busy, then a note.
        var availability = bob.FindElement(By.Id("availability"));
        availability.SendKeys("Busy");
        availability.SendKeys(Keys.Tab);
        bob.SwitchTo().ActiveElement().SendKeys(Keys.Enter);
        bob.WaitUntil("Bob's confirmation", d => d.FindElement(By.Id("status")).Text.Contains("Busy", StringComparison.Ordinal));
        var note = bob.FindElement(By.Id("note"));
        note.SendKeys("In the release review");
        note.SendKeys(Keys.Enter);

        var busy = alice.WaitFor("Bob busy with his note on Alice's page", d =>
            Row(d, "bob@contoso.com") is { } row && row.GetDomAttribute("data-availability") == "Busy" && row.Text.Contains("In the release review", StringComparison.Ordinal) ? row : null);
        Assert.Contains("Busy", busy.FindElement(By.CssSelector(".activity")).Text, StringComparison.Ordinal);
        Assert.Equal("rgba(196, 49, 75, 1)", busy.FindElement(By.CssSelector(".dot")).GetCssValue("background-color"));
        Assert.Equal("kept", ((IJavaScriptExecutor)alice).ExecuteScript("return window.noReload;"));

        // Carol is added, found by the search box, then removed.
        Type(alice, "add-address", "carol@contoso.com");
        alice.FindElement(By.Id("add-group")).Clear();
        alice.FindElement(By.Id("add-contact")).Click();
        alice.WaitFor("Carol in Alice's list", d => Row(d, "carol@contoso.com"));
        Type(alice, "filter", "carol");
        alice.WaitUntil("only Carol shown", d => d.FindElements(By.CssSelector("li.contact")).Count == 1);
        var filter = alice.FindElement(By.Id("filter"));
        filter.SendKeys(Keys.Control + "a");
        filter.SendKeys(Keys.Backspace);
        alice.WaitUntil("both shown again", d => d.FindElements(By.CssSelector("li.contact")).Count == 2);
        SaveScreenshot(alice, "web-client-contact-list.png");

        Row(alice, "carol@contoso.com")!.FindElement(By.CssSelector("button")).Click();
        alice.WaitUntil("Carol gone", d => Row(d, "carol@contoso.com") is null);
        Assert.NotNull(Row(alice, "bob@contoso.com"));
        Assert.Equal("Release team (1)", alice.FindElement(By.CssSelector("#groups h3")).GetDomProperty("textContent"));
    }

    [Fact]
    public async Task WebClient_IsServedAtTheRoot_WithAPolicyThatAllowsOnlyTheSilo()
    {
        using var http = new HttpClient { BaseAddress = _address };
        using var response = await http.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>PresenceCluster</title>", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());

        // The page names its icon, so that browsers do not ask for /favicon.ico (a 404 in every console).
        using var icon = await http.GetAsync("/favicon.svg");
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);

        using var browser = HeadlessChromium.Start();
        browser.Navigate().GoToUrl(_address);
        var logs = browser.Manage().Logs.GetLog(LogType.Browser);
        Assert.DoesNotContain(logs, entry => entry.Level == LogLevel.Severe);
        Assert.True(browser.FindElement(By.Id("sign-in-user")).Displayed);
    }

    private void SignIn(ChromeDriver browser, string user)
    {
        browser.Navigate().GoToUrl(_address);
        var field = browser.FindElement(By.Id("sign-in-user"));
        field.SendKeys(user);
        field.SendKeys(Keys.Enter);
        browser.WaitUntil($"{user} signed in", d => d.FindElement(By.Id("my-name")).Text == user);
    }

    private static void Type(ChromeDriver browser, string id, string text)
    {
        var field = browser.FindElement(By.Id(id));
        field.Clear();
        field.SendKeys(text);
    }

    private static IWebElement? Row(IWebDriver browser, string address) =>
        browser.FindElements(By.CssSelector("li.contact")).FirstOrDefault(row => row.GetDomAttribute("data-address") == address);

    private void SaveScreenshot(ChromeDriver browser, string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        browser.GetScreenshot().SaveAsFile(path);
        Assert.True(new FileInfo(path).Length > 10_000, "the screenshot is a real picture");
        _output.WriteLine($"Screenshot: {path}");
    }
}
