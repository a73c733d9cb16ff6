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
        ChargeAsync(
            $"""
            WITH charged AS (
                UPDATE users SET uploaded_bytes = uploaded_bytes + {bytes}
                WHERE id = {userId} AND upload_limit IS NOT NULL AND uploaded_bytes + {bytes} <= upload_limit
                RETURNING upload_limit, uploaded_bytes - {bytes} AS used_before
            )
            SELECT coalesce(c.upload_limit, u.upload_limit) AS "limit", coalesce(c.used_before, u.uploaded_bytes) AS used,
                   c.upload_limit IS NOT NULL AS charged
            FROM users u LEFT JOIN charged c ON TRUE WHERE u.id = {userId}
            """,
            $"""SELECT upload_limit AS "limit", uploaded_bytes AS used, FALSE AS charged FROM users WHERE id = {userId}""",
            cancellationToken);

    public Task<CreditCharge> ChargeDownloadAsync(Guid userId, long bytes, CancellationToken cancellationToken) =>
        ChargeAsync(
            $"""
            WITH charged AS (
                UPDATE users SET downloaded_bytes = downloaded_bytes + {bytes}
                WHERE id = {userId} AND download_limit IS NOT NULL AND downloaded_bytes + {bytes} <= download_limit
                RETURNING download_limit, downloaded_bytes - {bytes} AS used_before
            )
            SELECT coalesce(c.download_limit, u.download_limit) AS "limit", coalesce(c.used_before, u.downloaded_bytes) AS used,
                   c.download_limit IS NOT NULL AS charged
            FROM users u LEFT JOIN charged c ON TRUE WHERE u.id = {userId}
            """,
            $"""SELECT download_limit AS "limit", downloaded_bytes AS used, FALSE AS charged FROM users WHERE id = {userId}""",
            cancellationToken);

    private async Task<CreditCharge> ChargeAsync(FormattableString charge, FormattableString current, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(charge.ArgumentCount, 1);
        // Not composed (no LIMIT around it): PostgreSQL runs a data-modifying WITH only at the top level.
        var row = await ReadAsync(charge, cancellationToken);
        if (row.Limit is not null && !row.Charged)
        {
            row = await ReadAsync(current, cancellationToken);
        }

        return row.Limit is not { } limit
            ? CreditCharge.Unmetered
            : new CreditCharge(row.Charged, limit, Math.Max(0, limit - row.Used));
    }

    private async Task<ChargeRow> ReadAsync(FormattableString sql, CancellationToken cancellationToken) =>
        (await db.Database.SqlQuery<ChargeRow>(sql).ToListAsync(cancellationToken)).SingleOrDefault()
            ?? throw new InvalidOperationException("Credits are charged to an existing user.");

    private sealed record ChargeRow(long? Limit, long Used, bool Charged);
}
