using AutoDrive.Domain.Common;
using FluentValidation;
using FluentValidation.Results;

namespace AutoDrive.Application.Common;

public static class RuleBuilderExtensions
{
    /// <summary>
    /// Applies a domain rule (the one the value type itself enforces) and records its error kind as the
    /// failure's error code, so that a validation failure maps to the same S3 code as the domain exception.
    /// </summary>
    public static IRuleBuilderOptionsConditions<T, TProperty> Satisfies<T, TProperty>(
        this IRuleBuilder<T, TProperty> rule,
        Func<TProperty, RuleViolation?> check) =>
        rule.Custom((value, context) =>
        {
            if (check(value) is { } violation)
            {
                context.AddFailure(new ValidationFailure(context.PropertyPath, violation.Message)
                {
                    ErrorCode = violation.Kind.ToString(),
                });
            }
        });
}
