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
        var throughput = targets.Where(t => !IsMemoryProbe(t)).ToList();
        if (throughput.Count > 0)
        {
            table.AppendLine("| target | PUT 4 KiB op/s, 1 client | PUT 4 KiB op/s, 32 | GET 4 KiB op/s, 1 | GET 4 KiB op/s, 32 | PUT large MB/s | GET large MB/s | multipart ×4 MB/s | list page p50 ms | peak RSS MiB, main process (VmHWM) | peak PSS MiB, process tree |");
            table.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        }

        var notes = new List<string>();
        foreach (var t in throughput)
        {
            if (t.Skipped is not null && t.Phases.Count == 0)
            {
                table.AppendLine("| " + t.Name + " | skipped: " + t.Skipped + " | | | | | | | | | |");
                continue;
            }

            if (t.Skipped is not null)
            {
                Console.WriteLine(t.Name + ": " + t.Skipped);
            }

            table.Append("| ").Append(t.Name);
            Cell(table, t, raw, "put_4k_1", p => p.OpsPerSecond, notes);
            Cell(table, t, raw, "put_4k_32", p => p.OpsPerSecond, notes);
            Cell(table, t, raw, "get_4k_1", p => p.OpsPerSecond, notes);
            Cell(table, t, raw, "get_4k_32", p => p.OpsPerSecond, notes);
            Cell(table, t, raw, "put_large", p => p.MegabytesPerSecond, notes);
            Cell(table, t, raw, "get_large", p => p.MegabytesPerSecond, notes);
            Cell(table, t, raw, "multipart", p => p.MegabytesPerSecond, notes);
            Cell(table, t, raw, "list", p => p.P50Ms, notes, decimals: 1);
            table.Append(" | ").Append(Ratio(t.PeakRssMiB, raw?.PeakRssMiB, 0));
            table.Append(" | ").Append(Ratio(t.PeakTreePssMiB, raw?.PeakTreePssMiB, 0));
            table.AppendLine(" |");
        }

        if (notes.Count > 0)
        {
            table.AppendLine();
        }

        for (var i = 0; i < notes.Count; i++)
        {
            // Markdown hard line breaks (two trailing spaces) keep the notes on their own lines.
            table.Append(CultureInfo.InvariantCulture, $"[{i + 1}] {notes[i]}  ").AppendLine();
        }

        if (throughput.Count > 0)
        {
            table.AppendLine();
            table.AppendLine("Peak RSS: the server's main process (the gateway), the kernel's high-water mark. Peak PSS: summed over its process tree every 100 ms (AutoDrive's includes its embedded PostgreSQL and backends), shared pages split among the processes sharing them.");
        }

        var memory = new StringBuilder();
        var probes = targets.Where(IsMemoryProbe).ToList();
        if (probes.Count > 0)
        {
            var size = probes.Select(t => t.Settings?.GetValueOrDefault("large_object_bytes")).FirstOrDefault()?.ToString();
            var label = long.TryParse(size, NumberStyles.Integer, CultureInfo.InvariantCulture, out var b) ? Size(b) : "large";
            memory.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| target | PUT {label} (streamed): MB/s · peak RSS · peak tree PSS (MiB) | 64 clients 4 KiB PUT: op/s · peak RSS · peak tree PSS | 64 clients 4 KiB GET: op/s · peak RSS · peak tree PSS |"));
            memory.AppendLine("|---|---|---|---|");
            foreach (var t in probes)
            {
                if (t.Skipped is not null && t.Phases.Count == 0)
                {
                    memory.AppendLine("| " + t.Name + " | skipped: " + t.Skipped + " | | |");
                    continue;
                }

                memory.Append("| ").Append(t.Name);
                foreach (var name in new[] { "put_generated", "put_4k_64", "get_4k_64" })
                {
                    var p = t.Phases.FirstOrDefault(x => x.Name == name);
                    memory.Append(" | ").Append(p is null ? "—" : p.Errors > 0 ? "FAIL (" + p.Errors.ToString(CultureInfo.InvariantCulture) + " checks)"
                        : string.Create(CultureInfo.InvariantCulture, $"{(name == "put_generated" ? p.MegabytesPerSecond : p.OpsPerSecond):N0} · {p.PeakRssMiB:N0} · {p.PeakTreePssMiB:N0}"));
                }

                memory.AppendLine(" |");
            }

            memory.AppendLine();
            memory.AppendLine("Peak RSS: the main process's high-water mark during the phase (VmHWM, reset at its start). Issue 12's goal: ≤ 256 MiB for the gateway process.");
        }

        var latency = new StringBuilder();
        latency.AppendLine("| target | PUT 1 p50/p99 ms | PUT 32 p50/p99 ms | GET 1 p50/p99 ms | GET 32 p50/p99 ms | load avg before → after |");
        latency.AppendLine("|---|---|---|---|---|---|");
        foreach (var t in throughput.Where(t => t.Phases.Count > 0))
        {
            latency.Append("| ").Append(t.Name);
            foreach (var name in new[] { "put_4k_1", "put_4k_32", "get_4k_1", "get_4k_32" })
            {
                var p = t.Phases.FirstOrDefault(x => x.Name == name);
                latency.Append(" | ").Append(p is null || p.Errors > 0 ? "FAIL" : string.Create(CultureInfo.InvariantCulture, $"{p.P50Ms:F2} / {p.P99Ms:F2}"));
            }

            latency.Append(CultureInfo.InvariantCulture, $" | {t.LoadAverageBefore} → {t.LoadAverageAfter} |").AppendLine();
        }

        Console.WriteLine();
        Console.Write(table);
        if (memory.Length > 0)
        {
            Console.WriteLine();
            Console.Write(memory);
        }

        if (throughput.Count > 0)
        {
            Console.WriteLine();
            Console.Write(latency);
        }

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
            ["memory_markdown"] = memory.Length > 0 ? memory.ToString() : null,
            ["latency_markdown"] = throughput.Count > 0 ? latency.ToString() : null,
            ["targets"] = JsonSerializer.SerializeToNode(targets, json),
        };
        File.WriteAllText(outPath, document.ToJsonString(json));
        return 0;
    }

    private static void Cell(StringBuilder table, TargetResult t, TargetResult? raw, string phase, Func<PhaseResult, double?> value, List<string> notes, int decimals = 0)
    {
        var p = t.Phases.FirstOrDefault(x => x.Name == phase);
        var r = raw?.Phases.FirstOrDefault(x => x.Name == phase);
        table.Append(" | ").Append(p is null ? "—" : p.Errors > 0 ? "FAIL (" + p.Errors.ToString(CultureInfo.InvariantCulture) + " checks)" : Ratio(value(p), r is null || r.Errors > 0 ? null : value(r), decimals));
        if (p is not null && (p.Note is not null || p.Errors > 0))
        {
            // A failed cell says what failed, and a tolerated deviation says what it was, under the table.
            notes.Add(t.Name + ", " + phase + ": " + string.Join("; ", new[] { p.Errors > 0 ? p.FirstError : null, p.Note }.Where(n => n is not null)));
            table.Append(CultureInfo.InvariantCulture, $" [{notes.Count}]");
        }
    }

    private static bool IsMemoryProbe(TargetResult t) =>
        t.Settings?.GetValueOrDefault("mode")?.ToString() == "memory";

    private static string Size(long bytes) =>
        bytes % (1L << 30) == 0 ? (bytes >> 30).ToString(CultureInfo.InvariantCulture) + " GiB" : (bytes >> 20).ToString(CultureInfo.InvariantCulture) + " MiB";

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
