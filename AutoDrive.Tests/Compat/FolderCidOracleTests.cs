using System.Diagnostics;
using System.Text.Json;
using AutoDrive.Infrastructure.Dsn.Dag;
using AutoDrive.Tests.Infrastructure.Dsn;

namespace AutoDrive.Tests.Compat;

/// <summary>
/// Folder CIDs against the reference implementation, live: js/folder-cid.mjs (@autonomys/auto-dag-data 1.6.10,
/// <c>processFolderToIPLDFormat</c> over real file CIDs) gives a folder's children and its CID; ours must give the same
/// children's CIDs and the same folder CID. Needs no server, only node and the JS project's packages (npm ci).
/// </summary>
public class FolderCidOracleTests
{
    /// <summary>A hang guard, not a measurement: a script that runs longer is killed and fails.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(5);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [TestCase("photos", 0)]
    [TestCase("photos", 2)]
    [TestCase("Résumé 2026", 5)]
    [TestCase("photos", DagLimits.MaxLinksPerNode + 1)]
    public async Task FolderCid_SameChildrenAsTheOracle_IsTheOraclesCid(string name, int childCount)
    {
        var oracle = await RunOracleAsync(name, childCount);
        var children = FolderDagBuilderTests.ChildFiles(childCount);

        var dag = FolderDagBuilder.Build(name, children.Sum(c => c.Size), children.Select(c => c.Cid).ToList());

        Assert.That(children.Select(c => (c.Name, c.Cid.Value, c.Size)), Is.EqualTo(oracle.Children.Select(c => (c.Name, c.Cid, c.Size))));
        Assert.That(children.Sum(c => c.Size), Is.EqualTo(oracle.Size));
        Assert.That(dag.RootCid.Value, Is.EqualTo(oracle.Cid));
    }

    private static async Task<OracleFolder> RunOracleAsync(string name, int childCount)
    {
        var script = ClientScript.JsScript("folder-cid.mjs", "@autonomys/auto-dag-data");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = ClientScript.JsDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(name);
        start.ArgumentList.Add(childCount.ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(HangGuard);
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout;
        Assert.That(process.ExitCode, Is.Zero, await stderr);
        return JsonSerializer.Deserialize<OracleFolder>(output, Json)
            ?? throw new InvalidOperationException("The oracle printed nothing.");
    }

    private sealed record OracleFolder(string Cid, long Size, IReadOnlyList<OracleChild> Children);

    private sealed record OracleChild(string Name, string Cid, long Size);
}
