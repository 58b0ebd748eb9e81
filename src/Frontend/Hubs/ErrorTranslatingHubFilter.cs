using Microsoft.AspNetCore.SignalR;
using Parley.Frontend.Errors;
using Parley.Frontend.Wire;

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
            if (code == ParleyErrorCode.Internal)
            {
                LogHubMethodFailed(exception, invocationContext.HubMethodName);
            }
            else if (code == ParleyErrorCode.Unavailable)
            {
                LogHubMethodUnavailable(invocationContext.HubMethodName, exception.Message);
            }

            throw new HubException($"{code.ToWireName()}: {message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Hub method {Method} failed")]
    private partial void LogHubMethodFailed(Exception exception, string method);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hub method {Method} answered unavailable: {Reason}")]
    private partial void LogHubMethodUnavailable(string method, string reason);
}
