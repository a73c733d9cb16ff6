using AutoDrive.Application.Objects;
using AutoDrive.Domain.Common;

namespace AutoDrive.Tests.Application.Objects;

public class RangeRequestTests
{
    [TestCase(0L, 9L, 100L, 0L, 9L)]
    [TestCase(90L, 200L, 100L, 90L, 99L)]
    [TestCase(99L, 99L, 100L, 99L, 99L)]
    public void Resolve_FirstAndLast_ClampsToTheSize(long first, long last, long size, long expectedFirst, long expectedLast)
    {
        Assert.That(new RangeRequest(first, last).Resolve(size), Is.EqualTo(new ByteRange(expectedFirst, expectedLast)));
    }

    [Test]
    public void Resolve_OpenEnded_RunsToTheEnd()
    {
        Assert.That(new RangeRequest(10, null).Resolve(100), Is.EqualTo(new ByteRange(10, 99)));
    }

    [TestCase(10L, 100L, 90L, 99L)]
    [TestCase(500L, 100L, 0L, 99L)]
    public void Resolve_Suffix_IsTheLastBytes(long suffix, long size, long expectedFirst, long expectedLast)
    {
        Assert.That(new RangeRequest(null, suffix).Resolve(size), Is.EqualTo(new ByteRange(expectedFirst, expectedLast)));
    }

    [TestCase(100L, null, 100L)]
    [TestCase(0L, 0L, 0L)]
    [TestCase(null, 0L, 100L)]
    [TestCase(null, 5L, 0L)]
    public void Resolve_Unsatisfiable_ThrowsInvalidRange(long? first, long? last, long size)
    {
        var error = Assert.Throws<DomainException>(() => new RangeRequest(first, last).Resolve(size));
        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.RangeNotSatisfiable));
    }
}
