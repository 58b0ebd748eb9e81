using Parley.Hosting;
using Parley.Frontend.Errors;

namespace Parley.Frontend.Apis;

/// <summary>
/// Liveness (<c>/healthz</c>: the process answers) and readiness (<c>/readyz</c>: the cluster
/// answers). An unreachable database makes readiness "degraded" but not failed: every front-end
/// shares it, and taking them all out of the load balancer would also end the reads and live
/// traffic they still serve from memory.
/// </summary>
internal static class HealthApi
{
    private static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(3);

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
        endpoints.MapGet("/readyz", ReadyAsync);
        return endpoints;
    }

    private static async Task<IResult> ReadyAsync(IGrainFactory grains, DatabaseProbe database, CancellationToken cancellationToken)
    {
        var reachable = database.IsReachableAsync(cancellationToken);
        try
        {
            await grains.GetRoomDirectory().ListPublicRoomsAsync().AsTask().WaitAsync(ReadinessTimeout, cancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutException || ErrorTranslation.IsTransient(exception) || exception is OrleansException)
        {
            return Problems.Result(ParleyErrorCode.Unavailable, "the cluster does not answer");
        }

        return await reachable switch
        {
            false => Results.Ok(new { status = "degraded", cluster = "ok", database = "unreachable" }),
            true => Results.Ok(new { status = "ready", cluster = "ok", database = "ok" }),
            null => Results.Ok(new { status = "ready", cluster = "ok" }),
        };
    }
}
