using AutoDrive.Application.Common;
using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Objects;
using FluentValidation;

namespace AutoDrive.Application.Objects;

public sealed class CopyObjectCommandValidator : AbstractValidator<CopyObjectCommand>
{
    public CopyObjectCommandValidator()
    {
        RuleFor(c => c.Bucket).Satisfies(BucketName.Check);
        RuleFor(c => c.Key).Satisfies(ObjectKey.Check);
        RuleFor(c => c.Metadata).Satisfies(UserMetadata.Check);
    }
}
