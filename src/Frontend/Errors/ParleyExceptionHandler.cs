using Microsoft.AspNetCore.Diagnostics;

namespace Parley.Frontend.Errors;

/// <summary>Answers every unhandled REST exception with problem+json and its error code.</summary>
internal sealed class ParleyExceptionHandler(ILogger<ParleyExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (code, message) = ErrorTranslation.Translate(exception);
        if (code is ParleyErrorCode.Internal or ParleyErrorCode.Unavailable)
        {
            logger.LogError(exception, "Request {Method} {Path} failed", httpContext.Request.Method, httpContext.Request.Path);
        }

        await Problems.Write(httpContext, code, message);
        return true;
    }
}
