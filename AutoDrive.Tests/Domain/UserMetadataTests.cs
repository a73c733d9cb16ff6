using AutoDrive.Domain.Common;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Tests.Domain;

public class UserMetadataTests
{
    [Test]
    public void From_LowerCasesNamesAndKeepsEmptyValues()
    {
        var metadata = UserMetadata.From([KeyValuePair.Create("Color", "Blue"), KeyValuePair.Create("empty", "")]);

        Assert.That(metadata["color"], Is.EqualTo("Blue"));
        Assert.That(metadata["empty"], Is.EqualTo(string.Empty));
        Assert.That(metadata.ContainsKey("Color"), Is.False);
    }

    [Test]
    public void From_WhenOver2KB_ThrowsMetadataTooLarge()
    {
        var exactly = UserMetadata.From([KeyValuePair.Create("k", new string('v', 2047))]);
        Assert.That(exactly.Count, Is.EqualTo(1));

        var error = Assert.Throws<DomainException>(() => UserMetadata.From([KeyValuePair.Create("k", new string('v', 2048))]));
        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.MetadataTooLarge));
    }

    [Test]
    public void From_CountsUtf8Bytes()
    {
        // 1,024 two-byte characters are 2,048 bytes: with a one-byte name, one too many.
        Assert.That(UserMetadata.Check([KeyValuePair.Create("k", new string('é', 1024))])?.Kind, Is.EqualTo(ErrorKind.MetadataTooLarge));
        Assert.That(UserMetadata.Check([KeyValuePair.Create("k", new string('é', 1023))]), Is.Null);
    }
}
