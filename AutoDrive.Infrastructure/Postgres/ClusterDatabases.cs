using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AutoDrive.Infrastructure.Postgres;

/// <summary>Creates the cluster's databases: AutoDrive's (if missing) and, for tests, new ones by name.</summary>
internal sealed class ClusterDatabases(ClusterCredentials credentials, ILogger logger)
{
    private const int MaxIdentifierBytes = 63;

    public static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (Encoding.UTF8.GetByteCount(name) > MaxIdentifierBytes)
        {
            throw new ArgumentException($"A PostgreSQL database name has at most {MaxIdentifierBytes} bytes: \"{name}\".", nameof(name));
        }
    }

    public async Task EnsureAsync(int port, string name, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(credentials.AdminConnectionString(port));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", connection)
        {
            Parameters = { new() { Value = name } },
        };
        if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
        {
            return;
        }

        logger.LogInformation("Creating the database {Database}", name);
        await CreateAsync(connection, name, cancellationToken);
    }

    public async Task CreateAsync(int port, string name, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(credentials.AdminConnectionString(port));
        await connection.OpenAsync(cancellationToken);
        await CreateAsync(connection, name, cancellationToken);
    }

    private static async Task CreateAsync(NpgsqlConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(name)}", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
