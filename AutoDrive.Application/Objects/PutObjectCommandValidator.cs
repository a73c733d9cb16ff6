using AutoDrive.Application.Common;
using AutoDrive.Application.Content;
using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Objects;
using FluentValidation;

namespace AutoDrive.Application.Objects;

public sealed class PutObjectCommandValidator : AbstractValidator<PutObjectCommand>
{
    public PutObjectCommandValidator()
    {
        RuleFor(c => c.Bucket).Satisfies(BucketName.Check);
        RuleFor(c => c.Key).Satisfies(ObjectKey.Check);
        RuleFor(c => c.Metadata).Satisfies(UserMetadata.Check);
        RuleFor(c => c.DeclaredLength)
            .LessThanOrEqualTo(IngestLimits.MaxObjectSize)
            .WithErrorCode(nameof(ErrorKind.ContentTooLarge))
            .WithMessage($"Your proposed upload exceeds the maximum allowed size of {IngestLimits.MaxObjectSize} bytes.");
        RuleFor(c => c.DeclaredLength)
            .GreaterThanOrEqualTo(0)
            .WithErrorCode(nameof(ErrorKind.InvalidArgument))
            .WithMessage("The declared length must not be negative.");
    }
}
