using System.Security.Cryptography;
using AutoDrive.Application.Content;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using AutoDrive.Infrastructure.Dsn.Dag;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Infrastructure.Dsn.Remote;

/// <summary>
/// The network adapter against a remote that misbehaves (<see cref="FaultyAutoDriveApi"/>): each fault gives the
/// documented result — retried and successful, or a <see cref="DomainException"/> of the documented kind with nothing
/// completed on the remote. Tunables are small so that retries take milliseconds (base delay 50 ms, attempt 2 s, whole
/// request 10 s, 3 retries, circuit break 1 s). Contents are 2.5 MiB: three 1 MiB upload chunks.
/// </summary>
public class RemoteDsnStorageFaultTests
{
    private const int MaxRetries = 3;
    private const int Content = (2 * 1024 * 1024) + (512 * 1024);
    private const int ChunkCount = 3;

    private static readonly FakeRoute[] WriteRoutes = [FakeRoute.Create, FakeRoute.Chunk, FakeRoute.Complete];

    private readonly List<RemoteDsnStorageHost> _hosts = [];
    private FaultyAutoDriveApi _fake = null!;
    private int _seed;

    [SetUp]
    public async Task SetUp()
    {
        _seed = Random.Shared.Next();
        await TestContext.Out.WriteLineAsync($"Content seed {_seed}.");
        _fake = await FaultyAutoDriveApi.StartAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        await TestContext.Out.WriteLineAsync("Requests the fake saw:" + Environment.NewLine + _fake.DescribeRequests());
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        _hosts.Clear();
        await _fake.DisposeAsync();
    }

    [TestCaseSource(nameof(WriteRoutes))]
    public async Task Write_503TwiceOnARoute_SucceedsAfterRetries(FakeRoute route)
    {
        var storage = Storage();
        _fake.Fail(route, 2, Fault.Status(503));
        var (descriptor, content) = NewContent();

        var stored = await WriteAsync(storage, descriptor, content);

        AssertStoredIntact(stored, descriptor, content);
        var requests = _fake.RequestsTo(route);
        var successes = route == FakeRoute.Chunk ? ChunkCount : 1;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(requests.Count(r => r.StatusCode == 503), Is.EqualTo(2));
            Assert.That(requests.Count(r => r.StatusCode == 200), Is.EqualTo(successes));
            Assert.That(requests, Has.Count.EqualTo(successes + 2));
        }
    }

    [TestCaseSource(nameof(WriteRoutes))]
    public async Task Write_503ForeverOnARoute_ThrowsServiceUnavailableAndCompletesNothing(FakeRoute route)
    {
        var storage = Storage();
        _fake.FailAlways(route, Fault.Status(503));
        var (descriptor, content) = NewContent();

        var error = await Assert.ThrowsAsync<DomainException>(async () => await WriteAsync(storage, descriptor, content));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.ServiceUnavailable));
        AssertNothingCompleted();
        // One request is tried 1 + MaxRetries times; chunks in flight each are.
        var attempts = _fake.RequestsTo(route);
        Assert.That(attempts, route == FakeRoute.Chunk ? Has.Count.AtLeast(1 + MaxRetries) : Has.Count.EqualTo(1 + MaxRetries));
        Assert.That(attempts.Select(r => r.StatusCode), Is.All.EqualTo(503));
    }

    [TestCaseSource(nameof(WriteRoutes))]
    public async Task Write_429WithRetryAfterOnce_SucceedsAndRetriesNoEarlierThanRetryAfter(FakeRoute route)
    {
        // One chunk at a time, so that the request after the refused one on this route is its retry.
        var storage = Storage(("ChunkConcurrency", "1"));
        _fake.Fail(route, 1, Fault.TooManyRequests(1));
        var (descriptor, content) = NewContent();

        var stored = await WriteAsync(storage, descriptor, content);

        AssertStoredIntact(stored, descriptor, content);
        var requests = _fake.RequestsTo(route);
        Assert.That(requests[0].StatusCode, Is.EqualTo(429));
        Assert.That(requests[1].StatusCode, Is.EqualTo(200));
        // A lower bound, not a timing assertion: the client cannot have seen the refusal before the fake started to
        // send it, and it must then wait the 1 s the remote asked for. Scheduling noise only ever makes the retry later;
        // 50 ms of slack covers the clocks' granularity (timers count whole milliseconds). Without Retry-After honoured
        // the retry would come after the 50 ms base delay.
        var waited = requests[1].ReceivedAt - requests[0].RespondedAt!.Value;
        Assert.That(waited, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950)), _fake.DescribeRequests());
    }

    [TestCase(FakeRoute.Create)]
    [TestCase(FakeRoute.Chunk)]
    public async Task Write_429Forever_ThrowsSlowDownAndCompletesNothing(FakeRoute route)
    {
        var storage = Storage();
        _fake.FailAlways(route, Fault.TooManyRequests(1));
        var (descriptor, content) = NewContent();

        var error = await Assert.ThrowsAsync<DomainException>(async () => await WriteAsync(storage, descriptor, content));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.SlowDown));
        AssertNothingCompleted();
    }

    [Test]
    public async Task WriteAndRead_Delay2sOnEveryRequestWithAttemptTimeout5s_SucceedWithoutRetries()
    {
        var storage = Storage(("AttemptTimeout", "00:00:05"), ("TotalTimeout", "00:00:12"));
        foreach (var route in Enum.GetValues<FakeRoute>())
        {
            _fake.FailAlways(route, Fault.Delay(TimeSpan.FromSeconds(2)));
        }

        var (descriptor, content) = NewContent();

        var stored = await WriteAsync(storage, descriptor, content);
        byte[] read;
        await using (var stream = await storage.OpenReadAsync(stored.Cid, 0, content.Length, CancellationToken.None))
        {
            Assert.That(stream, Is.Not.Null);
            read = await TestBytes.ReadAllAsync(stream!);
        }

        AssertStoredIntact(stored, descriptor, content);
        Assert.That(read, Is.EqualTo(content));
        // Latency is tolerated, not retried: every request was answered once.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_fake.Requests.Where(r => r.Aborted || r.StatusCode != 200 && r.StatusCode != 206), Is.Empty);
            Assert.That(_fake.RequestsTo(FakeRoute.Create), Has.Count.EqualTo(1));
            Assert.That(_fake.RequestsTo(FakeRoute.Chunk), Has.Count.EqualTo(ChunkCount));
            Assert.That(_fake.RequestsTo(FakeRoute.Complete), Has.Count.EqualTo(1));
        }
    }

    [Test]
    public async Task Write_DelayLongerThanAttemptTimeoutOnEveryAttempt_ThrowsServiceUnavailable()
    {
        var storage = Storage(("AttemptTimeout", "00:00:01"));
        _fake.FailAlways(FakeRoute.Create, Fault.Delay(TimeSpan.FromSeconds(4)));
        var (descriptor, content) = NewContent();

        var error = await Assert.ThrowsAsync<DomainException>(async () => await WriteAsync(storage, descriptor, content));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.ServiceUnavailable));
        AssertNothingCompleted();
        Assert.That(_fake.RequestsTo(FakeRoute.Create), Has.Count.EqualTo(1 + MaxRetries));
    }

    [Test]
    public async Task Write_ConnectionResetMidChunkOnce_RetriesAndStoresTheBytesIntact()
    {
        var storage = Storage();
        _fake.Fail(FakeRoute.Chunk, 1, Fault.ResetMidBody);
        var (descriptor, content) = NewContent();

        var stored = await WriteAsync(storage, descriptor, content);

        AssertStoredIntact(stored, descriptor, content);
        var chunks = _fake.RequestsTo(FakeRoute.Chunk);
        Assert.That(chunks.Count(r => r.Aborted), Is.EqualTo(1));
        Assert.That(chunks.Where(r => r.StatusCode == 200).Select(r => r.ChunkIndex).Order(), Is.EqualTo(new int?[] { 0, 1, 2 }));
    }

    [TestCase(0, Content)]
    [TestCase(100_000, 1_500_000)]
    public async Task OpenReadAsync_TruncatedDownload_ReadingToTheEndThrowsIOException(int offset, int length)
    {
        var storage = Storage();
        var (descriptor, content) = NewContent();
        var stored = await WriteAsync(storage, descriptor, content);
        _fake.FailAlways(FakeRoute.Download, Fault.TruncatedDownload);

        await using var stream = await storage.OpenReadAsync(stored.Cid, offset, length, CancellationToken.None);

        Assert.That(stream, Is.Not.Null);
        Assert.That(async () => await TestBytes.ReadAllAsync(stream!), Throws.InstanceOf<IOException>());
        Assert.That(_fake.RequestsTo(FakeRoute.Download).Select(r => r.BytesServed), Is.All.LessThan(length));
    }

    [Test]
    public async Task OpenReadAsync_503Forever_ThrowsServiceUnavailable()
    {
        var storage = Storage();
        var (descriptor, content) = NewContent();
        var stored = await WriteAsync(storage, descriptor, content);
        _fake.FailAlways(FakeRoute.Download, Fault.Status(503));

        var error = await Assert.ThrowsAsync<DomainException>(async () => await storage.OpenReadAsync(stored.Cid, 10, 1000, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.ServiceUnavailable));
        Assert.That(_fake.RequestsTo(FakeRoute.Download), Has.Count.EqualTo(1 + MaxRetries));
    }

    [Test]
    public async Task CommitAsync_RemoteAnswersAnotherCid_ThrowsServiceUnavailable()
    {
        var storage = Storage();
        _fake.FailAlways(FakeRoute.Complete, Fault.WrongCid);
        var (descriptor, content) = NewContent();
        await using var writer = await storage.BeginWriteAsync(descriptor, CancellationToken.None);
        foreach (var span in Spans(content))
        {
            await writer.WriteAsync(span, CancellationToken.None);
        }

        var error = await Assert.ThrowsAsync<DomainException>(async () => await writer.CommitAsync(CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.ServiceUnavailable));
        Assert.That(_fake.RequestsTo(FakeRoute.Complete), Is.Not.Empty);
        Assert.That(_fake.OpenUploadCount, Is.EqualTo(1), "the upload is left pending");
        AssertNothingCompleted();
    }

    [Test]
    public async Task Write_AfterTheRemoteRecovers_SucceedsWithTheSameAdapterOnceTheCircuitCloses()
    {
        var storage = Storage();
        _fake.FailAlways(FakeRoute.Chunk, Fault.Status(503));
        var (descriptor, content) = NewContent();

        // Failing writes until the circuit opens: a write then fails without a single request reaching the remote.
        // The breaker's thresholds are the standard pipeline's (100 attempts in its window, 10% of them failed), so it
        // must open within these writes (each makes 1 + 3 × (1 + MaxRetries) attempts, nearly all refused).
        var circuitOpened = false;
        for (var write = 0; write < 30 && !circuitOpened; write++)
        {
            var before = _fake.Requests.Count;
            var error = await Assert.ThrowsAsync<DomainException>(async () => await WriteAsync(storage, descriptor, content));
            Assert.That(error!.Kind, Is.EqualTo(ErrorKind.ServiceUnavailable));
            circuitOpened = _fake.Requests.Count == before;
        }

        Assert.That(circuitOpened, Is.True, $"the circuit never opened after {_fake.Requests.Count} requests");
        AssertNothingCompleted();

        _fake.ClearFaults();

        // Polled, not timed: writes are refused while the circuit is open (BreakDuration, 1 s); within a bounded number
        // of tries, spaced so that they span several times that, one must go through on this same adapter instance.
        DsnStoredContent? stored = null;
        var refusals = new List<string>();
        for (var attempt = 0; attempt < 20 && stored is null; attempt++)
        {
            try
            {
                stored = await WriteAsync(storage, descriptor, content);
            }
            catch (DomainException refused) when (refused.Kind == ErrorKind.ServiceUnavailable)
            {
                refusals.Add(refused.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        }

        await TestContext.Out.WriteLineAsync($"Writes refused after the fault was cleared: {refusals.Count}.");
        Assert.That(stored, Is.Not.Null, string.Join(Environment.NewLine, refusals));
        AssertStoredIntact(stored!, descriptor, content);
    }

    [Test]
    public async Task OpenReadAsync_Range_SendsRangeAndTheRemoteServesOnlyThoseBytes()
    {
        var storage = Storage();
        var (descriptor, content) = NewContent();
        var stored = await WriteAsync(storage, descriptor, content);

        byte[] read;
        await using (var stream = await storage.OpenReadAsync(stored.Cid, 1_500_000, 200_000, CancellationToken.None))
        {
            Assert.That(stream, Is.Not.Null);
            read = await TestBytes.ReadAllAsync(stream!);
        }

        Assert.That(read, Is.EqualTo(content.AsSpan(1_500_000, 200_000).ToArray()));
        var downloads = _fake.RequestsTo(FakeRoute.Download);
        Assert.That(downloads, Has.Count.EqualTo(1));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(downloads[0].Range, Is.EqualTo("bytes=1500000-1699999"));
            Assert.That(downloads[0].StatusCode, Is.EqualTo(206));
            Assert.That(downloads[0].BytesServed, Is.EqualTo(200_000));
        }
    }

    private static async Task<DsnStoredContent> WriteAsync(IDsnStorage storage, ContentDescriptor descriptor, byte[] content)
    {
        await using var writer = await storage.BeginWriteAsync(descriptor, CancellationToken.None);
        foreach (var span in Spans(content))
        {
            await writer.WriteAsync(span, CancellationToken.None);
        }

        return await writer.CommitAsync(CancellationToken.None);
    }

    /// <summary>The content in 300,000-byte spans, so that no write lines up with an upload chunk.</summary>
    private static IEnumerable<ReadOnlyMemory<byte>> Spans(byte[] content)
    {
        for (var position = 0; position < content.Length; position += 300_000)
        {
            yield return content.AsMemory(position, Math.Min(300_000, content.Length - position));
        }
    }

    private static FileDag ExpectedDag(ContentDescriptor descriptor, byte[] content)
    {
        var builder = new FileDagBuilder(descriptor.Name, descriptor.Options);
        builder.Append(content);
        return builder.Finish();
    }

    private (ContentDescriptor Descriptor, byte[] Content) NewContent()
    {
        var content = new byte[Content];
        new Random(_seed).NextBytes(content);
        return (new ContentDescriptor("fault.bin", UploadOptions.None), content);
    }

    /// <summary>The adapter on the fake, with the small tunables and <paramref name="overrides"/>.</summary>
    private IDsnStorage Storage(params (string Name, string Value)[] overrides)
    {
        var tunables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["RetryBaseDelay"] = "00:00:00.05",
            ["AttemptTimeout"] = "00:00:02",
            ["TotalTimeout"] = "00:00:10",
            ["MaxRetries"] = MaxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BreakDuration"] = "00:00:01",
        };
        foreach (var (name, value) in overrides)
        {
            tunables[name] = value;
        }

        var host = RemoteDsnStorageHost.Create(_fake.ApiEndpoint, _fake.ApiKey, tunables);
        _hosts.Add(host);
        return host.Storage;
    }

    /// <summary>The CID is the local engine's, and the remote holds exactly those bytes under it.</summary>
    private void AssertStoredIntact(DsnStoredContent stored, ContentDescriptor descriptor, byte[] content)
    {
        var expected = ExpectedDag(descriptor, content);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stored.Cid, Is.EqualTo(expected.RootCid), $"content seed {_seed}");
            Assert.That(stored.Size, Is.EqualTo(content.Length));
            Assert.That(stored.NodeCount, Is.EqualTo(expected.NodeCount));
            var held = _fake.ContentOf(stored.Cid);
            Assert.That(held, Is.Not.Null);
            Assert.That(held is null ? null : Convert.ToHexString(MD5.HashData(held)), Is.EqualTo(Convert.ToHexString(MD5.HashData(content))));
        }
    }

    private void AssertNothingCompleted() => Assert.That(_fake.StoredCids, Is.Empty, "the remote holds a completed object");
}
