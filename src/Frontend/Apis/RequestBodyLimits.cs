using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Parley.Frontend.Errors;
using Parley.Frontend.Hosting;

namespace Parley.Frontend.Apis;

/// <summary>
/// Request bodies are bounded: to <see cref="LimitOptions.MaxAnonymousBodyBytes"/> on the
/// endpoints anyone may call without a token (those carry <see cref="Anonymous"/> as metadata),
/// to <see cref="LimitOptions.MaxBodyBytes"/> everywhere else. A declared length over the limit
/// is refused before anything is read; a chunked body that runs over it is cut by Kestrel, whose
/// bare 413 is answered with problem+json here like every other error.
/// </summary>
internal static class RequestBodyLimits
{
    /// <summary>Endpoint metadata: the endpoint takes requests without a token.</summary>
    public static readonly object Anonymous = new AnonymousEndpoint();

    /// <summary>Runs after routing picked the endpoint, before its body is read.</summary>
    public static async Task ApplyAsync(HttpContext context, RequestDelegate next)
    {
        var limits = context.RequestServices.GetRequiredService<IOptions<LimitOptions>>().Value;
        long limit = context.GetEndpoint()?.Metadata.GetMetadata<AnonymousEndpoint>() is null ? limits.MaxBodyBytes : limits.MaxAnonymousBodyBytes;
        var tooLarge = $"request bodies here are limited to {limit} bytes";
        if (context.Request.ContentLength > limit)
        {
            await Problems.Write(context, ParleyErrorCode.PayloadTooLarge, tooLarge);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        await next(context);
        if (context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await Problems.Write(context, ParleyErrorCode.PayloadTooLarge, tooLarge);
        }
    }

    private sealed class AnonymousEndpoint;
}
