namespace PresenceCluster.Exchange.Hosting;

/// <summary>The mailbox connector: calendar and automatic replies into presence. Section <c>Exchange</c>.</summary>
public sealed class ExchangeOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Exchange";

    /// <summary>Which mailboxes: <c>None</c> (default: off), <c>Graph</c> (Exchange Online) or <c>Ews</c> (Exchange Server).</summary>
    public ExchangeBackend Backend { get; set; } = ExchangeBackend.None;

    /// <summary>How often each online or watched user's calendar is read (1 minute – 1 hour, jittered ±10 %). Default 5 minutes.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often each user's automatic replies are read (1 minute – 1 day); between reads the last known state is kept. Default 15 minutes.</summary>
    public TimeSpan AutomaticRepliesInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How far ahead the calendar is read (1–24 hours). Default 8 hours, as Lync's clients did.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Requests in flight per mailbox (1–4). Default 4, Exchange's limit.</summary>
    public int MailboxConcurrency { get; set; } = 4;

    /// <summary>Requests per minute this silo sends to the backend in all (60–120,000). Default 6,000 (100 a second).</summary>
    public int RequestsPerMinute { get; set; } = 6_000;

    /// <summary>
    /// The mail domain of every user's mailbox when it differs from the SIP domain (for example SIP <c>contoso.com</c>,
    /// mail <c>mail.contoso.com</c>); empty: the SIP address is the mailbox address.
    /// </summary>
    public string MailDomain { get; set; } = string.Empty;

    /// <summary>How long a mailbox Exchange does not know is left alone before it is asked again (1 minute – 7 days). Default 1 day.</summary>
    public TimeSpan UnknownMailboxRetry { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Exchange Online through Microsoft Graph (section <c>Exchange:Graph</c>).</summary>
    public GraphBackendOptions Graph { get; set; } = new();

    /// <summary>Exchange Server through EWS (section <c>Exchange:Ews</c>).</summary>
    public EwsBackendOptions Ews { get; set; } = new();

    /// <summary>The unified contact store: contact lists in the mailboxes (section <c>Exchange:Contacts</c>).</summary>
    public ContactStoreOptions Contacts { get; set; } = new();

    /// <summary>Every problem with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(Backend))
        {
            failures.Add($"{SectionName}:Backend is {Backend}; use None, Graph or Ews.");
        }

        Check(failures, nameof(PollInterval), PollInterval, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));
        Check(failures, nameof(Window), Window, TimeSpan.FromHours(1), TimeSpan.FromHours(24));
        Check(failures, nameof(AutomaticRepliesInterval), AutomaticRepliesInterval, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));
        Check(failures, nameof(UnknownMailboxRetry), UnknownMailboxRetry, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
        if (MailboxConcurrency is < 1 or > 4)
        {
            failures.Add($"{SectionName}:MailboxConcurrency is {MailboxConcurrency}; it must be between 1 and 4 (Exchange allows 4 per mailbox).");
        }

        if (RequestsPerMinute is < 60 or > 120_000)
        {
            failures.Add($"{SectionName}:RequestsPerMinute is {RequestsPerMinute}; it must be between 60 and 120000.");
        }

        if (MailDomain.Length > 0 && Uri.CheckHostName(MailDomain) != UriHostNameType.Dns)
        {
            failures.Add($"{SectionName}:MailDomain '{MailDomain}' is not a DNS name.");
        }

        failures.AddRange(Contacts.Validate($"{SectionName}:Contacts"));
        if (Backend == ExchangeBackend.Graph)
        {
            failures.AddRange(Graph.Validate());
        }

        if (Backend == ExchangeBackend.Ews)
        {
            failures.AddRange(Ews.Validate());
        }

        return failures;
    }

    private static void Check(List<string> failures, string name, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{SectionName}:{name} is {value}; it must be between {min} and {max}.");
        }
    }
}
