using AutoDrive.Application.Credits;
using Microsoft.EntityFrameworkCore;

namespace AutoDrive.Infrastructure.Persistence.Repositories;

/// <summary>
/// Charges credits with one statement each: the UPDATE's condition is evaluated on the row as it is when the statement
/// gets it (concurrent charges of one user queue on the row and each sees the others' totals), so the sum of accepted
/// charges never exceeds the limit. A user without a limit on that side is not written at all.
/// What was left before a charge is read from the row the UPDATE wrote (RETURNING); the rest of the statement reads the
/// snapshot taken when it started, which misses a charge committed while it waited on the row. So a refused charge reads
/// the row once more, in a statement of its own, to report what is left now.
/// </summary>
internal sealed class CreditLedger(AutoDriveDbContext db) : ICreditLedger
{
    public Task<CreditCharge> ChargeUploadAsync(Guid userId, long bytes, CancellationToken cancellationToken) =>
        ChargeAsync("upload_limit", "uploaded_bytes", userId, bytes, cancellationToken);

    public Task<CreditCharge> ChargeDownloadAsync(Guid userId, long bytes, CancellationToken cancellationToken) =>
        ChargeAsync("download_limit", "downloaded_bytes", userId, bytes, cancellationToken);

    /// <summary>One side's charge: <paramref name="limit"/> and <paramref name="used"/> are column names of this class's own.</summary>
    private async Task<CreditCharge> ChargeAsync(string limit, string used, Guid userId, long bytes, CancellationToken cancellationToken)
    {
        // Not composed (no LIMIT around it): PostgreSQL runs a data-modifying WITH only at the top level.
        var row = await ReadAsync(
            $$"""
            WITH charged AS (
                UPDATE users SET {{used}} = {{used}} + {1}
                WHERE id = {0} AND {{limit}} IS NOT NULL AND {{used}} + {1} <= {{limit}}
                RETURNING {{limit}} AS charged_limit, {{used}} - {1} AS used_before
            )
            SELECT coalesce(c.charged_limit, u.{{limit}}) AS "limit", coalesce(c.used_before, u.{{used}}) AS used,
                   c.charged_limit IS NOT NULL AS charged
            FROM users u LEFT JOIN charged c ON TRUE WHERE u.id = {0}
            """,
            userId,
            bytes,
            cancellationToken);
        if (row.Limit is not null && !row.Charged)
        {
            row = await ReadAsync($$"""SELECT {{limit}} AS "limit", {{used}} AS used, FALSE AS charged FROM users WHERE id = {0}""", userId, bytes, cancellationToken);
        }

        return row.Limit is not { } value
            ? CreditCharge.Unmetered
            : new CreditCharge(row.Charged, value, Math.Max(0, value - row.Used));
    }

    private async Task<ChargeRow> ReadAsync(string sql, Guid userId, long bytes, CancellationToken cancellationToken) =>
        (await db.Database.SqlQueryRaw<ChargeRow>(sql, userId, bytes).ToListAsync(cancellationToken)).SingleOrDefault()
            ?? throw new InvalidOperationException("Credits are charged to an existing user.");

    private sealed record ChargeRow(long? Limit, long Used, bool Charged);
}
