using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Common;

namespace AutoDrive.Tests.Domain;

public class BucketNameTests
{
    [TestCase("b1")]
    [TestCase("b1x")]
    [TestCase("my-archive")]
    [TestCase("default")]
    [TestCase("Legacy_Bucket.2")]
    public void Parse_WhenValid_KeepsTheName(string name)
    {
        Assert.That(BucketName.Parse(name).Value, Is.EqualTo(name));
    }

    [TestCase("")]
    [TestCase("-leading")]
    [TestCase("trailing.")]
    [TestCase("has space")]
    [TestCase("has/slash")]
    [TestCase("ünïcode")]
    public void Parse_WhenInvalid_ThrowsInvalidBucketName(string name)
    {
        var error = Assert.Throws<DomainException>(() => BucketName.Parse(name));
        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidBucketName));
    }

    [Test]
    public void Parse_WhenLongerThan63_ThrowsInvalidBucketName()
    {
        Assert.That(BucketName.Check(new string('a', 63)), Is.Null);
        Assert.That(BucketName.Check(new string('a', 64))?.Kind, Is.EqualTo(ErrorKind.InvalidBucketName));
    }
}
