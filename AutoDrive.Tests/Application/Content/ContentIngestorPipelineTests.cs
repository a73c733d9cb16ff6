using System.Security.Cryptography;
using AutoDrive.Application.Content;
using AutoDrive.Application.Content.Checksums;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Tests.Application.Content;

/// <summary>
/// The large-body pipeline of <see cref="ContentIngestor.PumpAsync"/>: reading, digesting and writing overlap (the
/// reader fills the next buffers while the sink is still on an earlier one), the buffers in flight are bounded, and
/// a failure of any stage stops the others and is the one reported, with every stage finished before it is.
/// </summary>
public class ContentIngestorPipelineTests
{
    private const int Buffer = ContentIngestor.BufferSize;

    /// <summary>Fails a test that would otherwise hang on a gate that never opens (a regression, not a timing).</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);

    [Test]
    public async Task PumpAsync_ReadsAheadWhileTheSinkIsStuck_ButNeverMoreThanTheBuffersInFlight()
    {
        var bytes = Pattern((10 * Buffer) + 123);
        var allBuffersFilled = Position.AtLeast(ContentIngestor.BuffersInFlight * Buffer);
        var sink = new GatedSink(firstWriteGate: allBuffersFilled.Task);

        // The body refuses to be read past the ring while the sink has not finished its first write: reading more
        // would mean more buffers in flight than the pipeline holds.
        var body = new WatchedStream(
            bytes,
            (position, _) =>
            {
                if (position >= ContentIngestor.BuffersInFlight * Buffer && !sink.FirstWriteDone)
                {
                    throw new InvalidOperationException($"Read at {position} while the first buffer was still being written.");
                }
            },
            allBuffersFilled.Observe);

        var digests = await ContentIngestor.PumpAsync(new IngestRequest(body, bytes.Length, long.MaxValue, null), sink, CancellationToken.None)
            .WaitAsync(Hang);

        // The first write could only finish after the reader had filled every buffer of the ring behind it.
        Assert.That(sink.Received, Is.EqualTo(bytes));
        Assert.That(digests.Length, Is.EqualTo(bytes.Length));
        Assert.That(digests.Md5.ToHex(), Is.EqualTo(Convert.ToHexStringLower(MD5.HashData(bytes))));
        Assert.That(sink.MaxConcurrentWrites, Is.EqualTo(1), "the sink gets one write at a time, in order");
    }

    [Test]
    public async Task PumpAsync_WhenTheSinkFails_StopsReadingAndThrowsTheSinkError()
    {
        var bytes = Pattern(40 * Buffer);
        var sink = new GatedSink(firstWriteGate: Task.CompletedTask) { FailOnWrite = 2 };
        var body = new WatchedStream(bytes, (_, _) => { });

        var error = await Assert.ThrowsAsync<IOException>(() =>
            ContentIngestor.PumpAsync(new IngestRequest(body, bytes.Length, long.MaxValue, null), sink, CancellationToken.None).WaitAsync(Hang));

        Assert.That(error!.Message, Is.EqualTo("No space left on device"));
        var writesWhenThrown = sink.Writes;
        Assert.That(writesWhenThrown, Is.EqualTo(2), "nothing is written after the failed write");
        Assert.That(body.Position, Is.LessThanOrEqualTo((2 + ContentIngestor.BuffersInFlight) * (long)Buffer), "the reader stops within the ring");
        Assert.That(sink.InWrite, Is.False, "every stage has ended before the error is reported");
        await Task.Yield();
        Assert.That(sink.Writes, Is.EqualTo(writesWhenThrown));
    }

    [Test]
    public async Task PumpAsync_WhenTheBodyFailsWhileTheSinkWrites_ReportsTheBodyErrorAfterTheSinkIsDone()
    {
        var bytes = Pattern((6 * Buffer) + 5);
        var failAt = (3 * Buffer) + 7;
        var bodyFailed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The sink's first write is held until the body has failed: the failure arrives while a write is in flight.
        var sink = new GatedSink(firstWriteGate: bodyFailed.Task);
        var body = new WatchedStream(bytes, (position, count) =>
        {
            if (position + count > failAt)
            {
                bodyFailed.TrySetResult();
                throw new IOException("connection reset");
            }
        });

        var error = await Assert.ThrowsAsync<IOException>(() =>
            ContentIngestor.PumpAsync(new IngestRequest(body, bytes.Length, long.MaxValue, null), sink, CancellationToken.None).WaitAsync(Hang));

        Assert.That(error!.Message, Is.EqualTo("connection reset"));
        Assert.That(sink.FirstWriteDone, Is.True, "the write in flight finished before the error was reported");
        Assert.That(sink.InWrite, Is.False);
    }

    [TestCase(3 * Buffer)]
    [TestCase((5 * Buffer) + 1)]
    public async Task PumpAsync_ALargeBodyWithItsContentMd5AndCrc32_IsDigestedWhole(int size)
    {
        var bytes = Pattern(size);
        var md5 = Md5Digest.FromBytes(MD5.HashData(bytes));
        var claim = IncrementalChecksum.ComputeBase64(ChecksumAlgorithm.Crc32, bytes);

        var checksum = new ChecksumExpectation(ChecksumAlgorithm.Crc32, () => new ObjectChecksum(ChecksumAlgorithm.Crc32, claim));
        var sink = new GatedSink(firstWriteGate: Task.CompletedTask);

        var digests = await ContentIngestor.PumpAsync(
            new IngestRequest(new MemoryStream(bytes), size, long.MaxValue, md5, checksum), sink, CancellationToken.None).WaitAsync(Hang);

        Assert.That(sink.Received, Is.EqualTo(bytes));
        Assert.That(digests.Md5, Is.EqualTo(md5));
        Assert.That(digests.Checksum!.Value, Is.EqualTo(claim));
    }

    private static byte[] Pattern(int size)
    {
        var bytes = new byte[size];
        for (var i = 0; i < size; i++)
        {
            bytes[i] = (byte)((i * 7) % 253);
        }

        return bytes;
    }

    /// <summary>Completes once the body has been read up to a given position.</summary>
    private sealed class Position(long target)
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Task => _reached.Task;

        public static Position AtLeast(long target) => new(target);

        public void Observe(long position)
        {
            if (position >= target)
            {
                _reached.TrySetResult();
            }
        }
    }

    /// <summary>A body that reports each read before serving it (position, length asked) and after (new position).</summary>
    private sealed class WatchedStream(byte[] data, Action<long, int> onRead, Action<long>? onServed = null) : MemoryStream(data, writable: false)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            onRead(Position, buffer.Length);

            // Served later, as a socket would: the reader's continuation runs apart from the stages.
            await Task.Yield();
            var read = await base.ReadAsync(buffer, cancellationToken);
            onServed?.Invoke(Position);
            return read;
        }
    }

    /// <summary>
    /// Collects what it is given; its first write waits for a gate, and a chosen write can fail as a full disk does.
    /// Counts writes in flight at once.
    /// </summary>
    private sealed class GatedSink(Task firstWriteGate) : IByteSink
    {
        private readonly MemoryStream _received = new();
        private int _inFlight;
        private int _writes;
        private volatile bool _firstWriteDone;
        private volatile bool _inWrite;

        public int FailOnWrite { get; init; }

        public bool FirstWriteDone => _firstWriteDone;

        public bool InWrite => _inWrite;

        public int Writes => Volatile.Read(ref _writes);

        public int MaxConcurrentWrites { get; private set; }

        public byte[] Received => _received.ToArray();

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            var inFlight = Interlocked.Increment(ref _inFlight);
            MaxConcurrentWrites = Math.Max(MaxConcurrentWrites, inFlight);
            _inWrite = true;
            try
            {
                var number = Interlocked.Increment(ref _writes);
                if (number == 1)
                {
                    await firstWriteGate.WaitAsync(Hang, cancellationToken);
                    await Task.Yield();
                }

                if (number == FailOnWrite)
                {
                    throw new IOException("No space left on device");
                }

                _received.Write(data.Span);
                if (number == 1)
                {
                    _firstWriteDone = true;
                }
            }
            finally
            {
                _inWrite = false;
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }
}
