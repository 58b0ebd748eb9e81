using Microsoft.Extensions.DependencyInjection;

namespace Parley.Hosting;

internal static class FailureDetectionExtensions
{
    public static IServiceCollection AddParleyFailureDetection(this IServiceCollection services)
    {
        services.AddOptions<FailureDetectionOptions>().BindConfiguration(FailureDetectionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
