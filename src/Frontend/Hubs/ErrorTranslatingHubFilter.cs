using Microsoft.AspNetCore.SignalR;
using Parley.Frontend.Errors;

namespace Parley.Frontend.Hubs;

/// <summary>Every hub error reaches the client as a HubException whose message starts with its code.</summary>
internal sealed partial class ErrorTranslatingHubFilter(ILogger<ErrorTranslatingHubFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (HubException)
        {
            throw;
        }
        catch (Exception exception)
        {
            var (code, message) = ErrorTranslation.Translate(exception);
            if (code is ParleyErrorCode.Internal or ParleyErrorCode.Unavailable)
            {
                LogHubMethodFailed(exception, invocationContext.HubMethodName);
            }

            throw new HubException($"{code.ToWireName()}: {message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Hub method {Method} failed")]
    private partial void LogHubMethodFailed(Exception exception, string method);
}
