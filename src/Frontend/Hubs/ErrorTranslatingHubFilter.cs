using Microsoft.AspNetCore.SignalR;
using Parley.Frontend.Errors;
using Parley.Frontend.Realtime;
using Parley.Frontend.Telemetry;
using Parley.Frontend.Wire;

namespace Parley.Frontend.Hubs;

/// <summary>
/// Every hub error reaches the client as a HubException whose message starts with its code; and
/// every call is counted on its connection, which a graceful stop lets answer before closing.
/// </summary>
internal sealed partial class ErrorTranslatingHubFilter(ParleyMetrics metrics, ILogger<ErrorTranslatingHubFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var connection = invocationContext.Context.Items.TryGetValue(ChatHubLifetimeManager.ConnectionItem, out var item) ? item as ClientConnection : null;
        connection?.BeginCall();
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
            var refusal = ErrorTranslation.Translate(exception);
            if (refusal.Code == ParleyErrorCode.Internal)
            {
                LogHubMethodFailed(exception, invocationContext.HubMethodName);
            }
            else if (refusal.Code == ParleyErrorCode.Unavailable)
            {
                LogHubMethodUnavailable(invocationContext.HubMethodName, exception.Message);
            }

            metrics.Refused(refusal.Code, "signalr");
            throw new HubException(refusal.RetryAfter is { } retryAfter
                ? $"{refusal.Code.ToWireName()}: {refusal.Message} (retry after {Math.Ceiling(retryAfter.TotalSeconds)} s)"
                : $"{refusal.Code.ToWireName()}: {refusal.Message}");
        }
        finally
        {
            connection?.EndCall();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Hub method {Method} failed")]
    private partial void LogHubMethodFailed(Exception exception, string method);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hub method {Method} answered unavailable: {Reason}")]
    private partial void LogHubMethodUnavailable(string method, string reason);
}
