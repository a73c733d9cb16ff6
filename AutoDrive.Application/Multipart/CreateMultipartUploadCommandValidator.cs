using AutoDrive.Application.Common;
using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Objects;
using FluentValidation;

namespace AutoDrive.Application.Multipart;

public sealed class CreateMultipartUploadCommandValidator : AbstractValidator<CreateMultipartUploadCommand>
{
    public CreateMultipartUploadCommandValidator()
    {
        RuleFor(c => c.Bucket).Satisfies(BucketName.Check);
        RuleFor(c => c.Key).Satisfies(ObjectKey.Check);
        RuleFor(c => c.Metadata).Satisfies(UserMetadata.Check);
    }
}
