using AutoDrive.Domain.Common;
using FluentValidation;

namespace AutoDrive.Application.Listing;

public sealed class ListBucketsRequestValidator : AbstractValidator<ListBucketsRequest>
{
    public ListBucketsRequestValidator()
    {
        RuleFor(r => r.MaxBuckets)
            .Must(v => ListingLimits.TryParseCount(v, out var count) && count is >= 1 and <= ListingLimits.MaxBucketsCap)
            .When(r => r.MaxBuckets is not null)
            .WithErrorCode(nameof(ErrorKind.InvalidArgument))
            .WithMessage($"max-buckets must be an integer from 1 to {ListingLimits.MaxBucketsCap}.");
        RuleFor(r => r.ContinuationToken)
            .Must(t => string.IsNullOrEmpty(t) || ListingToken.TryDecode(t, out _))
            .WithErrorCode(nameof(ErrorKind.InvalidArgument))
            .WithMessage("The continuation token provided is incorrect.");
        RuleFor(r => r.Prefix)
            .Must(p => p is null || !p.Contains('\0', StringComparison.Ordinal))
            .WithErrorCode(nameof(ErrorKind.InvalidArgument))
            .WithMessage("The prefix must not contain the NUL character.");
    }
}
