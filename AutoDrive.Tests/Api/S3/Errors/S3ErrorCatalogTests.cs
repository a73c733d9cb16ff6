using AutoDrive.Api.S3.Errors;
using AutoDrive.Domain.Common;

namespace AutoDrive.Tests.Api.S3.Errors;

/// <summary>The S3 edge's one table of error codes covers every error kind the domain names.</summary>
public class S3ErrorCatalogTests
{
    [TestCaseSource(nameof(Kinds))]
    public void Find_OfEveryErrorKind_AnswersAKnownS3CodeThatIsNotInternal(ErrorKind kind)
    {
        var error = S3ErrorCatalog.Find(new DomainException(kind, "what happened"));

        Assert.That(S3ErrorCatalog.IsKnown(kind), Is.True);
        Assert.That(error, Is.Not.Null);
        Assert.That(error!.Code, Is.Not.EqualTo(S3ErrorCatalog.Internal.Code));
        Assert.That(error.Status, Is.Not.EqualTo(500));
        Assert.That(error.Message, Is.EqualTo("what happened"));
    }

    [Test]
    public void Find_OfAnUnexpectedException_AnswersNothing()
    {
        Assert.That(S3ErrorCatalog.Find(new InvalidOperationException("secret internals")), Is.Null);
    }

    private static IEnumerable<ErrorKind> Kinds() => Enum.GetValues<ErrorKind>();
}
