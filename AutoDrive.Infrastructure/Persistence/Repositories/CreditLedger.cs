using AutoDrive.Application.Credits;
using Microsoft.EntityFrameworkCore;

namespace AutoDrive.Infrastructure.Persistence.Repositories;

/// <summary>
/// Charges credits with one statement each: the UPDATE's condition is evaluated on the row as it is when the statement
/// gets it (concurrent charges of one user queue on the row and each sees the others' totals), so the sum of accepted
/// charges never exceeds the limit. A user without a limit on that side is not written at all.
/// </summary>
internal sealed class CreditLedger(AutoDriveDbContext db) : ICreditLedger
{
    public Task<CreditCharge> ChargeUploadAsync(Guid userId, long bytes, CancellationToken cancellationToken) =>
        ChargeAsync(
            $"""
            WITH charged AS (
                UPDATE users SET uploaded_bytes = uploaded_bytes + {bytes}
                WHERE id = {userId} AND upload_limit IS NOT NULL AND uploaded_bytes + {bytes} <= upload_limit
                RETURNING id
            )
            SELECT upload_limit AS "limit", uploaded_bytes AS used, EXISTS (SELECT 1 FROM charged) AS charged FROM users WHERE id = {userId}
            """,
            cancellationToken);

    public Task<CreditCharge> ChargeDownloadAsync(Guid userId, long bytes, CancellationToken cancellationToken) =>
        ChargeAsync(
            $"""
            WITH charged AS (
                UPDATE users SET downloaded_bytes = downloaded_bytes + {bytes}
                WHERE id = {userId} AND download_limit IS NOT NULL AND downloaded_bytes + {bytes} <= download_limit
                RETURNING id
            )
            SELECT download_limit AS "limit", downloaded_bytes AS used, EXISTS (SELECT 1 FROM charged) AS charged FROM users WHERE id = {userId}
            """,
            cancellationToken);

    private async Task<CreditCharge> ChargeAsync(FormattableString sql, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sql.ArgumentCount, 1);
        // Not composed (no LIMIT around it): PostgreSQL runs a data-modifying WITH only at the top level.
        var row = (await db.Database.SqlQuery<ChargeRow>(sql).ToListAsync(cancellationToken)).SingleOrDefault()
            ?? throw new InvalidOperationException("Credits are charged to an existing user.");
        return row.Limit is not { } limit
            ? CreditCharge.Unmetered
            : new CreditCharge(row.Charged, limit, Math.Max(0, limit - row.Used));
    }

    private sealed record ChargeRow(long? Limit, long Used, bool Charged);
}
