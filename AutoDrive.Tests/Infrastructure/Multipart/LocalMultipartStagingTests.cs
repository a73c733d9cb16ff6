using AutoDrive.Application.Content;
using AutoDrive.Application.Multipart;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Multipart;
using AutoDrive.Infrastructure.Dsn.Dag;
using AutoDrive.Infrastructure.Dsn.Local;
using AutoDrive.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AutoDrive.Tests.Infrastructure.Multipart;

/// <summary>Staging and assembly of multipart parts: whatever the order of arrival, the object and its CID are those of
/// a single write of the listed parts' bytes.</summary>
public class LocalMultipartStagingTests
{
    private static readonly ContentDescriptor Descriptor = new("big.bin", UploadOptions.None);

    private TemporaryDirectory _directory = null!;
    private LocalDsnStorage _storage = null!;
    private LocalMultipartStaging _staging = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = TemporaryDirectory.Create("autodrive-staging");
        var options = Options.Create(new LocalDsnStorageOptions { RootDirectory = _directory.Path });
        _storage = new LocalDsnStorage(options, TimeProvider.System, NullLogger<LocalDsnStorage>.Instance);
        _staging = new LocalMultipartStaging(_storage, options);
    }

    [TearDown]
    public void TearDown() => _directory.Dispose();

    [Test]
    public async Task ComputeMd5_OfTheGivenParts_IsTheMd5OfTheirBytesInOrder()
    {
        var id = UploadId.New();
        var parts = new[] { Bytes((2 * 1024 * 1024) + 17, 11), Bytes(0, 12), Bytes(65_067, 13) };
        var stale = await StageAsync(id, 2, Bytes(99, 14));
        var refs = new List<StagedPartRef>();
        for (var i = 0; i < parts.Length; i++)
        {
            refs.Add(await StageAsync(id, i + 1, parts[i]));
        }

        var md5 = await _staging.ComputeMd5Async(id, refs, CancellationToken.None);

        Assert.That(md5, Is.EqualTo(Md5Digest.FromBytes(System.Security.Cryptography.MD5.HashData(Concat(parts)))));
        Assert.That(stale.StagedName, Is.Not.EqualTo(refs[1].StagedName), "the part uploaded again is a new staged name, and the one given counts");
    }

    [Test]
    public async Task Finish_AfterAdvancingPartByPart_StoresTheConcatenationUnderItsCid()
    {
        var id = UploadId.New();
        var parts = new[] { Bytes(200_000, 1), Bytes(200_000, 2), Bytes(12_345, 3) };
        var refs = new List<StagedPartRef>();
        for (var i = 0; i < parts.Length; i++)
        {
            refs.Add(await StageAsync(id, i + 1, parts[i]));
            await _staging.AdvanceAsync(id, Descriptor, refs, CancellationToken.None);
        }

        var stored = await _staging.FinishAsync(id, Descriptor, refs, CancellationToken.None);

        await AssertStoredAsync(stored, Concat(parts));
    }

    [Test]
    public async Task Finish_WithoutAnyAdvance_AssemblesEverything()
    {
        var id = UploadId.New();
        var parts = new[] { Bytes(DagLimits.ChunkSize * 3, 4), Bytes(DagLimits.ChunkSize, 5) };
        var refs = new[] { await StageAsync(id, 1, parts[0]), await StageAsync(id, 2, parts[1]) };

        var stored = await _staging.FinishAsync(id, Descriptor, refs, CancellationToken.None);

        await AssertStoredAsync(stored, Concat(parts));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(DagLimits.ChunkSize)]
    [TestCase(DagLimits.ChunkSize + 1)]
    public async Task Finish_WithPartsEndingOnAndAroundChunkBoundaries_MatchesASingleWrite(int secondPartSize)
    {
        var id = UploadId.New();
        var parts = new[] { Bytes(DagLimits.ChunkSize * 2, 6), Bytes(secondPartSize, 7), Bytes(DagLimits.ChunkSize - 1, 8) };
        var refs = new List<StagedPartRef>();
        foreach (var (part, index) in parts.Select((p, i) => (p, i)))
        {
            refs.Add(await StageAsync(id, index + 1, part));
            await _staging.AdvanceAsync(id, Descriptor, refs, CancellationToken.None);
        }

        var stored = await _staging.FinishAsync(id, Descriptor, refs, CancellationToken.None);

        await AssertStoredAsync(stored, Concat(parts));
    }

    [Test]
    public async Task Finish_AfterAnAssembledPartWasUploadedAgain_UsesTheNewPart()
    {
        var id = UploadId.New();
        var first = await StageAsync(id, 1, Bytes(150_000, 10));
        var second = await StageAsync(id, 2, Bytes(150_000, 11));
        await _staging.AdvanceAsync(id, Descriptor, [first, second], CancellationToken.None);
        var replacement = Bytes(99_999, 12);
        var secondAgain = await StageAsync(id, 2, replacement);

        var stored = await _staging.FinishAsync(id, Descriptor, [first, secondAgain], CancellationToken.None);

        await AssertStoredAsync(stored, Concat([Bytes(150_000, 10), replacement]));
    }

    [Test]
    public async Task Finish_WithASubsetOfTheAssembledParts_StoresOnlyThose()
    {
        var id = UploadId.New();
        var parts = new[] { Bytes(100_000, 20), Bytes(100_000, 21), Bytes(100_000, 22) };
        var refs = new[] { await StageAsync(id, 1, parts[0]), await StageAsync(id, 2, parts[1]), await StageAsync(id, 3, parts[2]) };
        await _staging.AdvanceAsync(id, Descriptor, refs, CancellationToken.None);

        var stored = await _staging.FinishAsync(id, Descriptor, [refs[0], refs[2]], CancellationToken.None);

        await AssertStoredAsync(stored, Concat([parts[0], parts[2]]));
    }

    [Test]
    public async Task Finish_WhenTheAssemblyStateWasLost_StartsOverAndIsStillRight()
    {
        var id = UploadId.New();
        var parts = new[] { Bytes(300_000, 30), Bytes(7, 31) };
        var refs = new[] { await StageAsync(id, 1, parts[0]), await StageAsync(id, 2, parts[1]) };
        await _staging.AdvanceAsync(id, Descriptor, [refs[0]], CancellationToken.None);
        File.Delete(Path.Combine(_directory.Path, "staging", id.Value, "assembly", AssemblyState.FileName));

        var stored = await _staging.FinishAsync(id, Descriptor, refs, CancellationToken.None);

        await AssertStoredAsync(stored, Concat(parts));
    }

    [Test]
    public async Task Finish_Retried_FindsTheContentStored_AndDiscardingTheStagingKeepsIt()
    {
        var id = UploadId.New();
        var parts = new[] { Bytes(70_000, 50), Bytes(70_000, 51) };
        var refs = new[] { await StageAsync(id, 1, parts[0]), await StageAsync(id, 2, parts[1]) };
        var first = await _staging.FinishAsync(id, Descriptor, refs, CancellationToken.None);

        var retried = await _staging.FinishAsync(id, Descriptor, refs, CancellationToken.None);
        await _staging.DiscardAsync(id, CancellationToken.None);

        Assert.That(first.WasAlreadyStored, Is.False);
        Assert.That(retried.WasAlreadyStored, Is.True);
        Assert.That(retried.Cid, Is.EqualTo(first.Cid));
        await AssertStoredAsync(first, Concat(parts));
        var reader = await _storage.OpenDagAsync(first.Cid, CancellationToken.None);
        await using (reader)
        {
            Assert.That(reader, Is.Not.Null, "the DAG nodes of a segmented content can be served");
            Assert.That(await reader!.ReadNodeAsync(first.Cid, CancellationToken.None), Is.Not.Null);
        }
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(DagLimits.ChunkSize - 1)]
    public async Task Finish_WithChunkDigestsComputedWhileStreaming_MatchesASingleWrite(int shift)
    {
        // Parts of 5 chunks plus `shift` bytes: their boundaries fall on, just after and just before grid boundaries.
        var id = UploadId.New();
        var size = (DagLimits.ChunkSize * 5) + shift;
        var parts = new[] { Bytes(size, 60), Bytes(size, 61), Bytes(size, 62), Bytes(1000, 63) };
        var refs = new List<StagedPartRef>();
        for (var i = 0; i < parts.Length; i++)
        {
            refs.Add(await StageAsync(id, i + 1, parts[i], assumedOffset: (long)i * size));
        }

        var stored = await _staging.FinishAsync(id, Descriptor, refs, CancellationToken.None);

        await AssertStoredAsync(stored, Concat(parts));
    }

    [Test]
    public async Task Finish_WhenAGuessedOffsetWasWrong_HashesThatPartAgain()
    {
        var id = UploadId.New();
        var parts = new[] { Bytes(300_000, 70), Bytes(250_000, 71), Bytes(300_000, 72) };
        var refs = new[]
        {
            await StageAsync(id, 1, parts[0], assumedOffset: 0),
            await StageAsync(id, 2, parts[1], assumedOffset: 300_000),
            await StageAsync(id, 3, parts[2], assumedOffset: 600_000),
        };

        var stored = await _staging.FinishAsync(id, Descriptor, refs, CancellationToken.None);

        await AssertStoredAsync(stored, Concat(parts));
    }

    [Test]
    public async Task Finish_WithRightGuesses_DoesNotReadThePartsAgain()
    {
        // Proof by a side effect a real upload never has: the middle of a part is changed on disk after it was
        // staged; the CID is still that of the bytes that streamed in, so assembly did not read them again.
        var id = UploadId.New();
        var size = DagLimits.ChunkSize * 8;
        var parts = new[] { Bytes(size, 80), Bytes(size, 81) };
        var refs = new[] { await StageAsync(id, 1, parts[0], assumedOffset: 0), await StageAsync(id, 2, parts[1], assumedOffset: size) };
        var path = Path.Combine(_directory.Path, "staging", id.Value, "parts", refs[0].StagedName);
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.Position = DagLimits.ChunkSize * 3;
            file.WriteByte((byte)~parts[0][DagLimits.ChunkSize * 3]);
        }

        var stored = await _staging.FinishAsync(id, Descriptor, refs, CancellationToken.None);

        var builder = new FileDagBuilder(Descriptor.Name, Descriptor.Options);
        builder.Append(Concat(parts));
        Assert.That(stored.Cid, Is.EqualTo(builder.Finish().RootCid));
    }

    [Test]
    public async Task Discard_RemovesEverythingStaged()
    {
        var id = UploadId.New();
        var part = await StageAsync(id, 1, Bytes(1000, 40));
        await _staging.AdvanceAsync(id, Descriptor, [part], CancellationToken.None);

        await _staging.DiscardAsync(id, CancellationToken.None);

        Assert.That(Directory.Exists(Path.Combine(_directory.Path, "staging", id.Value)), Is.False);
    }

    [Test]
    public async Task StagedPart_NotCommitted_LeavesNoFile()
    {
        var id = UploadId.New();
        await using (var writer = await _staging.BeginPartAsync(id, 1, 0, CancellationToken.None))
        {
            await writer.WriteAsync(Bytes(10, 1), CancellationToken.None);
        }

        Assert.That(Directory.GetFiles(Path.Combine(_directory.Path, "staging", id.Value, "parts")), Is.Empty);
    }

    [Test]
    public async Task Finish_WhenAPartFileIsMissing_ThrowsServiceUnavailableNamingThePart()
    {
        var id = UploadId.New();
        var refs = new[] { await StageAsync(id, 1, Bytes(100_000, 90)), await StageAsync(id, 2, Bytes(100_000, 91)), await StageAsync(id, 3, Bytes(10, 92)) };
        File.Delete(Path.Combine(_directory.Path, "staging", id.Value, "parts", refs[1].StagedName));

        var error = await Assert.ThrowsAsync<DomainException>(() => _staging.FinishAsync(id, Descriptor, refs, CancellationToken.None));

        AssertPartNotHere(error, 2);
    }

    [Test]
    public async Task Finish_WhenAPartAssembledAheadIsMissing_ThrowsServiceUnavailableNamingThePart()
    {
        // Part 1 was hashed ahead, so Finish does not read it again; it still links it into the content.
        var id = UploadId.New();
        var refs = new[] { await StageAsync(id, 1, Bytes(DagLimits.ChunkSize * 3, 93)), await StageAsync(id, 2, Bytes(1000, 94)) };
        await _staging.AdvanceAsync(id, Descriptor, refs, CancellationToken.None);
        File.Delete(Path.Combine(_directory.Path, "staging", id.Value, "parts", refs[0].StagedName));

        var error = await Assert.ThrowsAsync<DomainException>(() => _staging.FinishAsync(id, Descriptor, refs, CancellationToken.None));

        AssertPartNotHere(error, 1);
    }

    [Test]
    public async Task AdvanceAndFinish_OnAGatewayWithAnotherDataDirectory_ThrowServiceUnavailable_AndLeaveNothingThere()
    {
        var id = UploadId.New();
        var refs = new[] { await StageAsync(id, 1, Bytes(70_000, 95)), await StageAsync(id, 2, Bytes(70_000, 96)) };
        using var otherDirectory = TemporaryDirectory.Create("autodrive-staging-other");
        var otherOptions = Options.Create(new LocalDsnStorageOptions { RootDirectory = otherDirectory.Path });
        var other = new LocalMultipartStaging(new LocalDsnStorage(otherOptions, TimeProvider.System, NullLogger<LocalDsnStorage>.Instance), otherOptions);

        var advance = await Assert.ThrowsAsync<DomainException>(() => other.AdvanceAsync(id, Descriptor, refs, CancellationToken.None));
        var finish = await Assert.ThrowsAsync<DomainException>(() => other.FinishAsync(id, Descriptor, refs, CancellationToken.None));

        AssertPartNotHere(advance, 1);
        AssertPartNotHere(finish, 1);
        Assert.That(Directory.Exists(Path.Combine(otherDirectory.Path, "staging", id.Value)), Is.False);
    }

    [Test]
    public async Task Advance_WhenAPartFileIsMissing_ThrowsServiceUnavailableNamingThePart()
    {
        var id = UploadId.New();
        var refs = new[] { await StageAsync(id, 1, Bytes(100_000, 97)), await StageAsync(id, 2, Bytes(100_000, 98)) };
        File.Delete(Path.Combine(_directory.Path, "staging", id.Value, "parts", refs[1].StagedName));

        var error = await Assert.ThrowsAsync<DomainException>(() => _staging.AdvanceAsync(id, Descriptor, refs, CancellationToken.None));

        AssertPartNotHere(error, 2);
    }

    private static void AssertPartNotHere(DomainException? error, int partNumber)
    {
        Assert.That(error, Is.Not.Null);
        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.ServiceUnavailable));
        Assert.That(error.Message, Does.StartWith($"Part {partNumber} of this upload is not in this gateway's data directory"));
    }

    private async Task<StagedPartRef> StageAsync(UploadId id, int number, byte[] bytes, long? assumedOffset = null)
    {
        await using var writer = await _staging.BeginPartAsync(id, number, assumedOffset, CancellationToken.None);
        await writer.WriteAsync(bytes, CancellationToken.None);
        var name = await writer.CommitAsync(CancellationToken.None);
        return new StagedPartRef(number, name, bytes.Length);
    }

    private async Task AssertStoredAsync(DsnStoredContent stored, byte[] expected)
    {
        var builder = new FileDagBuilder(Descriptor.Name, Descriptor.Options);
        builder.Append(expected);
        Assert.That(stored.Cid, Is.EqualTo(builder.Finish().RootCid), "the CID of a single write of the same bytes");
        Assert.That(stored.Size, Is.EqualTo(expected.Length));
        await using var read = (await _storage.OpenReadAsync(stored.Cid, 0, expected.Length, CancellationToken.None))!;
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.That(copy.ToArray(), Is.EqualTo(expected));
    }

    private static byte[] Bytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Concat(byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
