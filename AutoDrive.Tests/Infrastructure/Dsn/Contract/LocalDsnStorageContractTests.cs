using AutoDrive.Application.Content;
using AutoDrive.Infrastructure.Dsn.Local;
using AutoDrive.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AutoDrive.Tests.Infrastructure.Dsn.Contract;

/// <summary>The DSN contract on the embedded local store, in a directory of its own per test.</summary>
public class LocalDsnStorageContractTests : DsnStorageContract
{
    private TemporaryDirectory _root = null!;

    protected override Task<IDsnStorage> CreateStorageAsync()
    {
        _root = TemporaryDirectory.Create("dsn-contract");
        IDsnStorage storage = new LocalDsnStorage(
            Options.Create(new LocalDsnStorageOptions { RootDirectory = _root.Path }),
            TimeProvider.System,
            NullLogger<LocalDsnStorage>.Instance);
        return Task.FromResult(storage);
    }

    [TearDown]
    public override Task DisposeStorageAsync()
    {
        _root.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A discarded write leaves no temporary file.</summary>
    protected override Task AssertNoTraceOfDiscardedWritesAsync()
    {
        Assert.That(StoreTempFiles.In(_root.Path), Is.Empty);
        return Task.CompletedTask;
    }
}
