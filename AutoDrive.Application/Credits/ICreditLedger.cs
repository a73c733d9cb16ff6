namespace AutoDrive.Application.Credits;

/// <summary>
/// Charges users' credits atomically: a charge either fits under the user's limit and is recorded, or is refused and
/// changes nothing, whatever runs at the same time. A user without a limit on that side is not metered (nothing is
/// written). Upload charges run inside the unit of work that records the upload, so a refused charge rolls the whole
/// write back.
/// </summary>
public interface ICreditLedger
{
    Task<CreditCharge> ChargeUploadAsync(Guid userId, long bytes, CancellationToken cancellationToken);

    Task<CreditCharge> ChargeDownloadAsync(Guid userId, long bytes, CancellationToken cancellationToken);
}
