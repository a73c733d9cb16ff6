using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace AutoDrive.Api.Native.Uploads;

/// <summary>
/// Keeps MVC from reading a form body into memory (or a temporary file) to bind values from it: the action streams the
/// body itself (<see cref="ChunkForm"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class StreamingFormAttribute : Attribute, IResourceFilter
{
    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var factories = context.ValueProviderFactories;
        factories.RemoveType<FormValueProviderFactory>();
        factories.RemoveType<FormFileValueProviderFactory>();
        factories.RemoveType<JQueryFormValueProviderFactory>();
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }
}
