using AutoDrive.Api.Native.Errors;
using AutoDrive.Domain.Common;

namespace AutoDrive.Tests.Api.Native.Errors;

/// <summary>The native API's one table of problems covers every error kind the domain names.</summary>
public class NativeErrorCatalogTests
{
    [TestCaseSource(nameof(Kinds))]
    public void For_EveryErrorKind_IsKnownWithAClientFacingStatus(ErrorKind kind)
    {
        var problem = NativeErrorCatalog.For(kind, "detail");

        Assert.That(NativeErrorCatalog.IsKnown(kind), Is.True);
        Assert.That(problem.Status, Is.Not.EqualTo(500));
        Assert.That(problem.Type, Does.StartWith("urn:autodrive:problem:").And.Not.EndWith("internal-error"));
        Assert.That(problem.Detail, Is.EqualTo("detail"));
    }

    [TestCaseSource(nameof(Kinds))]
    public void Find_OfADomainException_AnswersItsKindsProblem(ErrorKind kind)
    {
        var problem = NativeErrorCatalog.Find(new DomainException(kind, "what happened"));

        Assert.That(problem.Status, Is.EqualTo(NativeErrorCatalog.For(kind, "x").Status));
        Assert.That(problem.Detail, Is.EqualTo("what happened"));
    }

    [Test]
    public void Find_OfAnUnexpectedException_Answers500WithoutDetail()
    {
        var problem = NativeErrorCatalog.Find(new InvalidOperationException("secret internals"));

        Assert.That(problem.Status, Is.EqualTo(500));
        Assert.That(problem.Detail, Is.Null);
    }

    private static IEnumerable<ErrorKind> Kinds() => Enum.GetValues<ErrorKind>();
}
