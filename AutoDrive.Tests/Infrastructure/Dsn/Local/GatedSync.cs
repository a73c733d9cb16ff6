namespace AutoDrive.Tests.Infrastructure.Dsn.Local;

/// <summary>
/// The sync of a test's group flush: each call is counted, reported as entered, and (while <see cref="Holding"/>)
/// held until the test releases it; a call can be told to fail as a real <c>syncfs</c> would, with an
/// <see cref="IOException"/> carrying the errno. Nothing is timed: the waits end on the observed state, with a hang
/// guard only.
/// </summary>
internal sealed class GatedSync
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private readonly SemaphoreSlim _entered = new(0);
    private readonly SemaphoreSlim _released = new(0);
    private readonly HashSet<int> _failingCalls = [];
    private int _calls;

    /// <summary>Whether calls wait for <see cref="ReleaseOne"/>; when false they pass straight through.</summary>
    public bool Holding { get; set; } = true;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Makes call number <paramref name="call"/> (1-based) fail with EIO.</summary>
    public void FailCall(int call)
    {
        lock (_failingCalls)
        {
            _failingCalls.Add(call);
        }
    }

    public void Sync()
    {
        var call = Interlocked.Increment(ref _calls);
        var held = Holding;
        _entered.Release();
        if (held && !_released.Wait(HangGuard))
        {
            throw new TimeoutException("The test never released the sync (hang guard).");
        }

        lock (_failingCalls)
        {
            if (_failingCalls.Contains(call))
            {
                throw new IOException("syncfs failed: Input/output error (errno 5).", 5);
            }
        }
    }

    /// <summary>Returns once a sync call has entered (one per call, in order).</summary>
    public async Task WaitEnteredAsync()
    {
        if (!await _entered.WaitAsync(HangGuard))
        {
            Assert.Fail("No sync started (hang guard).");
        }
    }

    /// <summary>Lets one held sync return.</summary>
    public void ReleaseOne() => _released.Release();

    /// <summary>Stops holding and lets every held sync return.</summary>
    public void ReleaseAll()
    {
        Holding = false;
        _released.Release(1000);
    }

    /// <summary>Returns once <paramref name="condition"/> holds (polled), failing the test if <paramref name="mustNotFinish"/> ends first.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, params Task[] mustNotFinish)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        while (!condition())
        {
            Assert.That(mustNotFinish.Any(t => t.IsCompleted), Is.False, $"a task finished before {what}");
            try
            {
                await Task.Delay(2, guard.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Never reached: {what} (hang guard).");
            }
        }
    }
}
