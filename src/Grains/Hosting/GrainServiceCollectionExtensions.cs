using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Storage;
using Parley.Grains.Accounts;
using Parley.Grains.Auth;
using Parley.Grains.Rooms;
using Parley.Grains.Sessions;
using Parley.Grains.Users;
using Parley.Grains.Webhooks;

namespace Parley.Grains.Hosting;

/// <summary>Registers what Parley's grains need in a silo.</summary>
public static class GrainServiceCollectionExtensions
{
    public static IServiceCollection AddParleyGrains(this IServiceCollection services)
    {
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SessionOptions>().BindConfiguration(SessionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AccessTokenOptions>().BindConfiguration(AccessTokenOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WebhookSender>();
        services.AddHostedService<WebhookWake>();
        services.AddOptions<RoomOptions>().BindConfiguration(RoomOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<UserOptions>().BindConfiguration(UserOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(new GrainClock(TimeProvider.System));
        services.AddSingleton<PasswordHasher>();
        services.TryAddKeyedSingleton<IGrainStorage>(StorageNames.Segments, (provider, _) =>
            provider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Parley));

        // Orleans' default, resource-optimised placement prefers the silo that receives the first
        // call while the silos' load figures are alike, so a burst of new rooms arriving through one
        // gateway all landed on its silo. Random placement spreads them over every silo.
        services.AddSingleton<PlacementStrategy, RandomPlacement>();
        return services;
    }
}
