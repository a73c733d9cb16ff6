using AutoDrive.Domain.Common;

namespace AutoDrive.Application.Credits;

/// <summary>The rules of upload and download credits, and the errors that name the limit.</summary>
public static class CreditRules
{
    /// <summary>Refuses an upload of <paramref name="bytes"/> that the caller's remaining credits cannot cover.</summary>
    public static void EnsureUploadFits(long? pendingUploadCredits, long bytes)
    {
        if (pendingUploadCredits is { } pending && bytes > pending)
        {
            throw UploadRefused(bytes, pending, limit: null);
        }
    }

    /// <summary>
    /// Charges an upload (inside the write's unit of work), or refuses it with an error naming the limit. (Named apart from
    /// <see cref="ICreditLedger.ChargeUploadAsync"/>, whose refusal is only a return value, so that a call cannot pick the
    /// wrong one.)
    /// </summary>
    public static async Task ChargeUploadOrRefuseAsync(this ICreditLedger ledger, Guid userId, long bytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var charge = await ledger.ChargeUploadAsync(userId, bytes, cancellationToken);
        if (!charge.Allowed)
        {
            throw UploadRefused(bytes, charge.RemainingBefore ?? 0, charge.Limit);
        }
    }

    /// <summary>Charges a download that is about to start, or refuses it with an error naming the limit.</summary>
    public static async Task ChargeDownloadOrRefuseAsync(this ICreditLedger ledger, Guid userId, long bytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var charge = await ledger.ChargeDownloadAsync(userId, bytes, cancellationToken);
        if (!charge.Allowed)
        {
            throw new DomainException(
                ErrorKind.QuotaExceeded,
                $"Not enough download credits: this download is {bytes} bytes, and {charge.RemainingBefore ?? 0} bytes are left of your download limit"
                + (charge.Limit is { } limit ? $" of {limit} bytes." : "."));
        }
    }

    private static DomainException UploadRefused(long bytes, long remaining, long? limit) =>
        new(
            ErrorKind.QuotaExceeded,
            $"Not enough upload credits: this upload is {bytes} bytes, and {remaining} bytes are left of your upload limit"
            + (limit is { } l ? $" of {l} bytes." : ".") + " Nothing was stored.");
}
