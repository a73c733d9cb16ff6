namespace AutoDrive.Application.Credits;

/// <summary>The outcome of a charge: allowed or not, and the user's limit and what was left before it (null: unlimited).</summary>
public sealed record CreditCharge(bool Allowed, long? Limit, long? RemainingBefore)
{
    public static readonly CreditCharge Unmetered = new(true, null, null);
}
