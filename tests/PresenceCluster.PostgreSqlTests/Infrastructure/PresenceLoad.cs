using System.Collections.Concurrent;
using System.Diagnostics;
using PresenceCluster.Client;
using PresenceCluster.Contacts;
using PresenceCluster.Identity;
using PresenceCluster.Presence;

namespace PresenceCluster.PostgreSqlTests.Infrastructure;

/// <summary>
/// Continuous mixed load from several clients: contact writes, note and manual-state publications, batch queries.
/// It remembers every acknowledged write, and when calls failed, so a test can check that nothing acknowledged was
/// lost and measure how long service was degraded.
/// </summary>
public sealed class PresenceLoad
{
    private static readonly ManualState[] States = [ManualState.Busy, ManualState.Available, ManualState.DoNotDisturb, ManualState.BeRightBack];
    private readonly IReadOnlyList<PresenceClusterClient> _clients;
    private readonly SipUri[] _users;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<SipUri, ConcurrentBag<string>> _acknowledgedContacts = new();
    private readonly ConcurrentDictionary<SipUri, UserWrites> _writes = new();
    private long _lastFailureTicks = -1;
    private long _acknowledged;
    private long _failed;
    private long _queries;
    private int _runs;

    public PresenceLoad(IReadOnlyList<PresenceClusterClient> clients, int users)
    {
        _clients = clients;
        _users = [.. Enumerable.Range(0, users).Select(i => SipUri.Parse($"sip:load{i}@contoso.com"))];
        foreach (var user in _users)
        {
            _acknowledgedContacts[user] = [];
            _writes[user] = new UserWrites();
        }
    }

    public long AcknowledgedWrites => Interlocked.Read(ref _acknowledged);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _errors = new();

    public long FailedCalls => Interlocked.Read(ref _failed);

    /// <summary>The kinds of failure seen (type and first line of the message, with how often), for the test's message.</summary>
    public string Errors => string.Join("; ", _errors.OrderByDescending(e => e.Value).Take(5).Select(e => $"{e.Value}× {e.Key}"));

    public long Queries => Interlocked.Read(ref _queries);

    public TimeSpan Now => _clock.Elapsed;

    /// <summary>When the last call failed, on this load's clock; null if none has.</summary>
    public TimeSpan? LastFailure => Interlocked.Read(ref _lastFailureTicks) is var ticks and >= 0 ? TimeSpan.FromTicks(ticks) : null;

    /// <summary>Runs one worker per user group until <paramref name="cancellation"/> fires.</summary>
    public Task RunAsync(int workers, CancellationToken cancellation) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(() => WorkAsync(worker, workers, cancellation))));

    /// <summary>Waits until no call has failed for <paramref name="quiet"/> (or <paramref name="limit"/> passes).</summary>
    public async Task WaitForQuietAsync(TimeSpan quiet, TimeSpan limit)
    {
        var deadline = Now + limit;
        while (Now < deadline && (LastFailure is { } last && Now - last < quiet || LastFailure is null && Now < quiet))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>
    /// Checks every acknowledged write against what the cluster holds now; returns (acknowledged, found). Call it
    /// with the load stopped: a write acknowledged while the check reads would look lost.
    /// </summary>
    public async Task<(int Acknowledged, int Found, List<string> Problems)> VerifyAsync(PresenceClusterClient client)
    {
        int acknowledged = 0, found = 0;
        var problems = new List<string>();
        foreach (var user in _users)
        {
            var list = await client.GetContactListAsync(user);
            var present = list.Contacts.Select(c => c.Uri).ToHashSet(StringComparer.Ordinal);
            foreach (var contact in _acknowledgedContacts[user])
            {
                acknowledged++;
                if (present.Contains(contact))
                {
                    found++;
                }
                else
                {
                    problems.Add($"{user}: acknowledged contact {contact} is missing");
                }
            }

            var own = await client.GetOwnPresenceAsync(user);
            var writes = _writes[user];
            if (writes.Note is { } note && own.Note != note && !writes.UnacknowledgedNotes.Contains(own.Note ?? string.Empty))
            {
                problems.Add($"{user}: note is '{own.Note}', last acknowledged '{note}'");
            }

            if (writes.State is { } state && own.ManualState != state && !writes.UnacknowledgedStates.Contains(own.ManualState ?? state))
            {
                problems.Add($"{user}: manual state is {own.ManualState}, last acknowledged {state}");
            }
        }

        return (acknowledged, found, problems);
    }

    private async Task WorkAsync(int worker, int workers, CancellationToken cancellation)
    {
        var client = _clients[worker % _clients.Count];
        var mine = _users.Where((_, i) => i % workers == worker).ToArray();

        // A later run of the same load continues the numbering, so its contacts and notes are new ones.
        var step = Interlocked.Increment(ref _runs) * 1_000_000;
        while (!cancellation.IsCancellationRequested)
        {
            // The operation cycles with step % 4 and the user with step / 4, so every user gets every kind of write;
            // picking the user by step % 4 as well sent all contact writes to one user per worker, which reached the
            // 1000-contact limit in long runs and then failed every write as LimitReachedException.
            var user = mine[step / 4 % mine.Length];
            var writes = _writes[user];
            try
            {
                switch (step % 4)
                {
                    case 0:
                        var contact = $"sip:c{worker}-{step}@fabrikam.com";
                        await client.SetContactAsync(user, new Contact { Uri = contact }, CancellationToken.None);
                        _acknowledgedContacts[user].Add(contact);
                        Interlocked.Increment(ref _acknowledged);
                        break;
                    case 1:
                        var note = $"note {step}";
                        writes.Pending(note: note);
                        await client.SetNoteAsync(user, note, CancellationToken.None);
                        writes.Acknowledge(note: note);
                        Interlocked.Increment(ref _acknowledged);
                        break;
                    case 2:
                        var state = States[step / 4 % States.Length];
                        writes.Pending(state: state);
                        await client.SetManualStateAsync(user, state, cancellationToken: CancellationToken.None);
                        writes.Acknowledge(state: state);
                        Interlocked.Increment(ref _acknowledged);
                        break;
                    default:
                        var views = await client.QueryPresenceAsync(user, _users, CancellationToken.None);
                        if (views.Count != _users.Length)
                        {
                            throw new InvalidOperationException("A batch query answered the wrong number of users.");
                        }

                        Interlocked.Increment(ref _queries);
                        break;
                }
            }
            catch (Exception exception) when (!cancellation.IsCancellationRequested)
            {
                RecordError(exception);
                Interlocked.Increment(ref _failed);
                Interlocked.Exchange(ref _lastFailureTicks, Now.Ticks);
                await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
            }
            catch (Exception)
            {
                // The load is stopping; a call cut short now proves nothing either way.
            }

            step++;
        }
    }

    /// <summary>One user's note and manual-state writes: the last acknowledged, and any sent after it.</summary>
    private void RecordError(Exception exception)
    {
        var message = exception.Message;
        var line = message.IndexOf('\n', StringComparison.Ordinal) is var end and >= 0 ? message[..end] : message;
        _errors.AddOrUpdate($"{exception.GetType().Name}: {(line.Length > 200 ? line[..200] : line)}", 1, static (_, count) => count + 1);
    }

    private sealed class UserWrites
    {
        public string? Note { get; private set; }

        public ManualState? State { get; private set; }

        public HashSet<string> UnacknowledgedNotes { get; } = [];

        public HashSet<ManualState> UnacknowledgedStates { get; } = [];

        public void Pending(string? note = null, ManualState? state = null)
        {
            if (note is not null)
            {
                UnacknowledgedNotes.Add(note);
            }

            if (state is { } s)
            {
                UnacknowledgedStates.Add(s);
            }
        }

        public void Acknowledge(string? note = null, ManualState? state = null)
        {
            if (note is not null)
            {
                Note = note;
                UnacknowledgedNotes.Clear();
            }

            if (state is { } s)
            {
                State = s;
                UnacknowledgedStates.Clear();
            }
        }
    }
}
