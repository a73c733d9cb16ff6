using AutoDrive.Domain.Content;
using AutoDrive.Domain.Native;

namespace AutoDrive.Tests.Domain.Native;

public class PublicationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly Cid SomeCid = Cid.Parse("bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu");

    [Test]
    public void Publish_GivesAWellFormedIdThatIsNotTheCid()
    {
        var user = Guid.NewGuid();

        var publication = Publication.Publish(SomeCid, user, T0);

        Assert.That(publication.Id, Does.Match("^[0-9a-f]{32}$"));
        Assert.That(Publication.IsWellFormedId(publication.Id), Is.True);
        Assert.That(publication.Id, Is.Not.EqualTo(SomeCid.Value));
        Assert.That((publication.Cid, publication.UserId, publication.CreatedAt), Is.EqualTo((SomeCid.Value, user, T0)));
    }

    [Test]
    public void Publish_Twice_GivesDistinctIds()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => Publication.Publish(SomeCid, Guid.NewGuid(), T0).Id).ToList();

        Assert.That(ids, Is.Unique);
    }

    [Test]
    public void Publish_WithoutAPublisher_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => Publication.Publish(SomeCid, Guid.Empty, T0));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("0123456789abcdef0123456789abcde")]
    [TestCase("0123456789abcdef0123456789abcdef0")]
    [TestCase("0123456789ABCDEF0123456789ABCDEF")]
    [TestCase("0123456789abcdef0123456789abcdeg")]
    [TestCase("bafkr6ifm5dxoldkwezxmvjx5hrsepnvr")]
    public void IsWellFormedId_NotThirtyTwoLowerHex_IsFalse(string? id)
    {
        Assert.That(Publication.IsWellFormedId(id), Is.False);
    }

    [Test]
    public void IsWellFormedId_ThirtyTwoLowerHex_IsTrue()
    {
        Assert.That(Publication.IsWellFormedId("0123456789abcdef0123456789abcdef"), Is.True);
    }
}
