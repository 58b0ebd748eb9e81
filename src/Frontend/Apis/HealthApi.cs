using Parley.Frontend.Errors;

namespace Parley.Frontend.Apis;

/// <summary>Liveness (<c>/healthz</c>: the process answers) and readiness (<c>/readyz</c>: the cluster answers).</summary>
internal static class HealthApi
{
    private static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(3);

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
        endpoints.MapGet("/readyz", ReadyAsync);
        return endpoints;
    }

    private static async Task<IResult> ReadyAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        try
        {
            await grains.GetRoomDirectory().ListPublicRoomsAsync().AsTask().WaitAsync(ReadinessTimeout, cancellationToken);
            return Results.Ok(new { status = "ready" });
        }
        catch (Exception exception) when (exception is TimeoutException || ErrorTranslation.IsTransient(exception) || exception is OrleansException)
        {
            return Problems.Result(ParleyErrorCode.Unavailable, "the cluster does not answer");
        }
    }
}
