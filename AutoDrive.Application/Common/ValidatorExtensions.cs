using AutoDrive.Domain.Common;
using FluentValidation;

namespace AutoDrive.Application.Common;

public static class ValidatorExtensions
{
    /// <summary>Validates and throws the first failure as a <see cref="DomainException"/> of its error kind.</summary>
    public static async Task ValidateOrThrowAsync<T>(this IValidator<T> validator, T instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(validator);
        var result = await validator.ValidateAsync(instance, cancellationToken);
        if (result.IsValid)
        {
            return;
        }

        var failure = result.Errors[0];
        var kind = Enum.TryParse<ErrorKind>(failure.ErrorCode, out var parsed) ? parsed : ErrorKind.InvalidArgument;
        throw new DomainException(kind, failure.ErrorMessage);
    }
}
