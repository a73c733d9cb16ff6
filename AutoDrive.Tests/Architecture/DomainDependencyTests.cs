using AutoDrive.Domain.Objects;

namespace AutoDrive.Tests.Architecture;

public class DomainDependencyTests
{
    [Test]
    public void Domain_ReferencesNoOtherAssemblyOfTheProjectNorAnyPackage()
    {
        var referenced = typeof(ObjectMapping).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.That(referenced.Where(n => n.StartsWith("AutoDrive", StringComparison.Ordinal)), Is.Empty);
        Assert.That(referenced.Where(n => !n.StartsWith("System", StringComparison.Ordinal)), Is.Empty,
            "the domain uses the base class library only");
    }
}
