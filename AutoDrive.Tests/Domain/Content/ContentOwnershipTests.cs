using AutoDrive.Domain.Content;

namespace AutoDrive.Tests.Domain.Content;

public class ContentOwnershipTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly Cid SomeCid = Cid.Parse("bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu");

    [Test]
    public void Grant_IsAnUploadersRoot()
    {
        var user = Guid.NewGuid();

        var hold = ContentOwnership.Grant(SomeCid, user, T0);

        Assert.That((hold.Cid, hold.UserId, hold.Role, hold.IsRoot, hold.GrantedBy, hold.CreatedAt), Is.EqualTo((SomeCid.Value, user, OwnerRole.Admin, true, (Guid?)null, T0)));
        Assert.That((hold.TrashedAt, hold.IsTrashed), Is.EqualTo(((DateTimeOffset?)null, false)));
    }

    [Test]
    public void GrantMember_IsAnUploadersHoldThatIsNotARoot()
    {
        var hold = ContentOwnership.GrantMember(SomeCid, Guid.NewGuid(), T0);

        Assert.That((hold.Role, hold.IsRoot, hold.GrantedBy), Is.EqualTo((OwnerRole.Admin, false, (Guid?)null)));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Share_IsAViewersHoldGrantedByTheSharer(bool isRoot)
    {
        var viewer = Guid.NewGuid();
        var sharer = Guid.NewGuid();

        var hold = ContentOwnership.Share(SomeCid, viewer, sharer, isRoot, T0);

        Assert.That((hold.UserId, hold.Role, hold.IsRoot, hold.GrantedBy), Is.EqualTo((viewer, OwnerRole.Viewer, isRoot, (Guid?)sharer)));
    }

    [Test]
    public void Share_WithOneself_ThrowsArgumentException()
    {
        var user = Guid.NewGuid();

        Assert.Throws<ArgumentException>(() => ContentOwnership.Share(SomeCid, user, user, true, T0));
    }

    [Test]
    public void Factories_WithoutAUser_ThrowArgumentException()
    {
        Assert.Throws<ArgumentException>(() => ContentOwnership.Grant(SomeCid, Guid.Empty, T0));
        Assert.Throws<ArgumentException>(() => ContentOwnership.GrantMember(SomeCid, Guid.Empty, T0));
        Assert.Throws<ArgumentException>(() => ContentOwnership.Share(SomeCid, Guid.Empty, Guid.NewGuid(), true, T0));
    }
}
