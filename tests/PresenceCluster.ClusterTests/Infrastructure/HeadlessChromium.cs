using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace PresenceCluster.ClusterTests.Infrastructure;

/// <summary>
/// Headless Chromium from the distribution's packages (<c>chromium</c> and <c>chromium-driver</c>, which
/// <c>.ci/run</c> installs), driven through Selenium WebDriver; nothing is downloaded at run time.
/// </summary>
public static class HeadlessChromium
{
    private static readonly string[] BrowserPaths = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
    private static readonly string[] DriverPaths = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"];

    /// <summary>How long a page may take to show what a test waits for.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>A new browser with its own profile.</summary>
    /// <exception cref="InvalidOperationException">Chromium or its driver is not installed; the message says how to install them.</exception>
    public static ChromeDriver Start()
    {
        var browser = BrowserPaths.FirstOrDefault(File.Exists);
        var driver = DriverPaths.FirstOrDefault(File.Exists);
        if (browser is null || driver is null)
        {
            throw new InvalidOperationException("The browser tests need Chromium and its driver: apt-get install chromium chromium-driver (.ci/run does).");
        }

        // Selenium Manager would otherwise look for drivers and browsers online.
        Environment.SetEnvironmentVariable("SE_OFFLINE", "true");
        var options = new ChromeOptions { BinaryLocation = browser };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1100,900", "--lang=en-US");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driver)!, Path.GetFileName(driver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    /// <summary>Waits until <paramref name="condition"/> holds (a barrier: fails after <see cref="Patience"/>, naming what it waited for).</summary>
    public static T WaitFor<T>(this IWebDriver driver, string what, Func<IWebDriver, T?> condition)
        where T : class =>
        Wait(driver, what).Until(condition)!;

    /// <summary>Waits until <paramref name="condition"/> is true (a barrier, as <see cref="WaitFor{T}"/>).</summary>
    public static void WaitUntil(this IWebDriver driver, string what, Func<IWebDriver, bool> condition) =>
        Wait(driver, what).Until(condition);

    private static WebDriverWait Wait(IWebDriver driver, string what)
    {
        var wait = new WebDriverWait(driver, Patience) { Message = $"Waited {Patience.TotalSeconds} s for {what}" };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        return wait;
    }
}
