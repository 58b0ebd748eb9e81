using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Parley.Frontend.Hosting;

namespace Parley.Frontend.Apis;

/// <summary>
/// Endpoint metadata for the endpoints anyone may call without a token (register, login): their
/// request bodies are held to <see cref="LimitOptions.MaxAnonymousBodyBytes"/>, every other body
/// to <see cref="LimitOptions.MaxBodyBytes"/> (Kestrel's limit).
/// </summary>
internal sealed class AnonymousBodyLimit
{
    public static readonly AnonymousBodyLimit Instance = new();

    private AnonymousBodyLimit()
    {
    }

    /// <summary>Applies the smaller limit before the body is read; runs after routing picked the endpoint.</summary>
    public static Task ApplyAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<AnonymousBodyLimit>() is not null
            && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = context.RequestServices.GetRequiredService<IOptions<LimitOptions>>().Value.MaxAnonymousBodyBytes;
        }

        return next(context);
    }
}
