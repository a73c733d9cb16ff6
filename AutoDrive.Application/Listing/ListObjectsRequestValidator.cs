using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Common;
using FluentValidation;

namespace AutoDrive.Application.Listing;

/// <summary>
/// The listing parameter rules (docs/s3-wire.md, listings): the bucket name must be valid (else NoSuchBucket),
/// max-keys digits only, encoding-type absent or url, a V2 continuation token that decodes, no NUL anywhere. Each
/// failure carries the error kind it answers.
/// </summary>
public sealed class ListObjectsRequestValidator : AbstractValidator<ListObjectsRequest>
{
    public ListObjectsRequestValidator()
    {
        RuleFor(r => r.Bucket)
            .Must(BucketName.IsValid)
            .WithErrorCode(nameof(ErrorKind.BucketNotFound))
            .WithMessage("The specified bucket does not exist.");
        RuleFor(r => r.MaxKeys)
            .Must(v => ListingLimits.TryParseCount(v, out _))
            .When(r => r.MaxKeys is not null)
            .WithErrorCode(nameof(ErrorKind.InvalidArgument))
            .WithMessage("Provided max-keys not an integer or within integer range.");
        RuleFor(r => r.EncodingType)
            .Must(ListingEncoding.IsSupported)
            .WithErrorCode(nameof(ErrorKind.InvalidArgument))
            .WithMessage("Invalid Encoding Method specified in Request.");
        RuleFor(r => r.ContinuationToken)
            .Must(t => string.IsNullOrEmpty(t) || ListingToken.TryDecode(t, out _))
            .When(r => r.Version == ListingVersion.V2)
            .WithErrorCode(nameof(ErrorKind.InvalidArgument))
            .WithMessage("The continuation token provided is incorrect.");
        RuleFor(r => new[] { r.Prefix, r.Delimiter, r.Marker, r.StartAfter })
            .Must(values => values.All(v => v is null || !v.Contains('\0', StringComparison.Ordinal)))
            .OverridePropertyName("Parameters")
            .WithErrorCode(nameof(ErrorKind.InvalidArgument))
            .WithMessage("Listing parameters must not contain the NUL character.");
    }
}
