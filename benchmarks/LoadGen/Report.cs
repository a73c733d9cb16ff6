using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoadGen;

/// <summary>
/// Merges the targets' JSON files into one table (markdown, rows = targets, each figure with its ratio to raw Kestrel)
/// plus a latency table, prints them and writes everything, with the machine and its load average, to one JSON file.
/// </summary>
internal static class Report
{
    private static readonly string[] Order = ["AutoDrive", "s3rver", "moto", "raw Kestrel"];

    public static int Write(string directory, string outPath, string? note, JsonSerializerOptions json)
    {
        var targets = Directory.GetFiles(directory, "*.target.json")
            .Select(f => JsonSerializer.Deserialize<TargetResult>(File.ReadAllText(f), json)!)
            .OrderBy(t => Array.IndexOf(Order, t.Name) is var i && i < 0 ? int.MaxValue : i)
            .ToList();
        var raw = targets.FirstOrDefault(t => t.Name == "raw Kestrel" && t.Skipped is null);

        var table = new StringBuilder();
        table.AppendLine("| target | PUT 4 KiB op/s, 1 client | PUT 4 KiB op/s, 32 | GET 4 KiB op/s, 1 | GET 4 KiB op/s, 32 | PUT large MB/s | GET large MB/s | multipart ×4 MB/s | list page p50 ms | peak RSS MiB |");
        table.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var t in targets)
        {
            if (t.Skipped is not null && t.Phases.Count == 0)
            {
                table.AppendLine("| " + t.Name + " | skipped: " + t.Skipped + " | | | | | | | | |");
                continue;
            }

            if (t.Skipped is not null)
            {
                Console.WriteLine(t.Name + ": " + t.Skipped);
            }

            table.Append("| ").Append(t.Name);
            Cell(table, t, raw, "put_4k_1", p => p.OpsPerSecond);
            Cell(table, t, raw, "put_4k_32", p => p.OpsPerSecond);
            Cell(table, t, raw, "get_4k_1", p => p.OpsPerSecond);
            Cell(table, t, raw, "get_4k_32", p => p.OpsPerSecond);
            Cell(table, t, raw, "put_large", p => p.MegabytesPerSecond);
            Cell(table, t, raw, "get_large", p => p.MegabytesPerSecond);
            Cell(table, t, raw, "multipart", p => p.MegabytesPerSecond);
            Cell(table, t, raw, "list", p => p.P50Ms, decimals: 1);
            table.Append(" | ").Append(Ratio(t.PeakRssMiB, raw?.PeakRssMiB, 0));
            table.AppendLine(" |");
        }

        var latency = new StringBuilder();
        latency.AppendLine("| target | PUT 1 p50/p99 ms | PUT 32 p50/p99 ms | GET 1 p50/p99 ms | GET 32 p50/p99 ms | tree RSS MiB | load avg before → after |");
        latency.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var t in targets.Where(t => t.Phases.Count > 0))
        {
            latency.Append("| ").Append(t.Name);
            foreach (var name in new[] { "put_4k_1", "put_4k_32", "get_4k_1", "get_4k_32" })
            {
                var p = t.Phases.FirstOrDefault(x => x.Name == name);
                latency.Append(" | ").Append(p is null || p.Errors > 0 ? "FAIL" : string.Create(CultureInfo.InvariantCulture, $"{p.P50Ms:F2} / {p.P99Ms:F2}"));
            }

            latency.Append(CultureInfo.InvariantCulture, $" | {t.PeakTreeRssMiB:F0} | {t.LoadAverageBefore} → {t.LoadAverageAfter} |").AppendLine();
        }

        Console.WriteLine();
        Console.Write(table);
        Console.WriteLine();
        Console.Write(latency);
        foreach (var t in targets)
        {
            foreach (var p in t.Phases.Where(p => p.Errors > 0))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{t.Name} {p.Name}: {p.Errors} failed checks, first: {p.FirstError}"));
            }
        }

        var document = new JsonObject
        {
            ["generated_utc"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["host"] = Environment.MachineName,
            ["machine"] = new JsonObject
            {
                ["cores"] = Environment.ProcessorCount,
                ["os"] = OsName(),
                ["kernel"] = RuntimeInformation.OSDescription,
                ["runtime"] = RuntimeInformation.FrameworkDescription,
                ["memory_mib"] = MemoryMiB(),
            },
            ["load_average_at_report"] = string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)),
            ["note"] = note,
            ["table_markdown"] = table.ToString(),
            ["latency_markdown"] = latency.ToString(),
            ["targets"] = JsonSerializer.SerializeToNode(targets, json),
        };
        File.WriteAllText(outPath, document.ToJsonString(json));
        return 0;
    }

    private static void Cell(StringBuilder table, TargetResult t, TargetResult? raw, string phase, Func<PhaseResult, double?> value, int decimals = 0)
    {
        var p = t.Phases.FirstOrDefault(x => x.Name == phase);
        var r = raw?.Phases.FirstOrDefault(x => x.Name == phase);
        table.Append(" | ").Append(p is null ? "—" : p.Errors > 0 ? "FAIL (" + p.Errors.ToString(CultureInfo.InvariantCulture) + " checks)" : Ratio(value(p), r is null || r.Errors > 0 ? null : value(r), decimals));
    }

    private static string Ratio(double? value, double? raw, int decimals)
    {
        if (value is not { } v || double.IsNaN(v))
        {
            return "—";
        }

        var text = v.ToString(decimals == 0 ? "N0" : "N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return raw is { } r && r > 0 ? text + string.Create(CultureInfo.InvariantCulture, $" ({v / r:F2}×)") : text;
    }

    private static string OsName()
    {
        const string path = "/etc/os-release";
        var line = File.Exists(path) ? File.ReadLines(path).FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal)) : null;
        return line is null ? RuntimeInformation.OSDescription : line["PRETTY_NAME=".Length..].Trim('"');
    }

    private static long MemoryMiB()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}
