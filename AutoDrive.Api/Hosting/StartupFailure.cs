using Microsoft.Extensions.Options;

namespace AutoDrive.Api.Hosting;

/// <summary>
/// Start-up failures that are the operator's configuration (options that fail validation, a storage network that refuses
/// the gateway's key): the server prints what to fix and exits with status 1, instead of crashing with a stack trace.
/// </summary>
public static class StartupFailure
{
    public static bool IsConfiguration(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.Flatten().InnerExceptions.All(IsConfiguration),
        OptionsValidationException or InvalidOperationException => true,
        _ => false,
    };

    /// <summary>The distinct messages, one per problem.</summary>
    public static IEnumerable<string> Messages(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.Flatten().InnerExceptions.SelectMany(Messages).Distinct(StringComparer.Ordinal),
        OptionsValidationException validation => validation.Failures,
        _ => [exception.Message],
    };
}
