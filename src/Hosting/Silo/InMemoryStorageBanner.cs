using Microsoft.Extensions.Logging;

namespace Parley.Hosting;

/// <summary>Says loudly that nothing will survive a restart: memory storage is for tests only.</summary>
internal sealed partial class InMemoryStorageBanner(ILogger<InMemoryStorageBanner> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(InMemoryStorageBanner), ServiceLifecycleStage.First, _ =>
        {
            LogBanner();
            return Task.CompletedTask;
        });

    [LoggerMessage(Level = LogLevel.Warning, Message = """

        ************************************************************************
        *  IN-MEMORY STORAGE (Parley:Storage=Memory): every account, session,  *
        *  room and message is lost when this process stops. For tests only.   *
        ************************************************************************
        """)]
    private partial void LogBanner();
}
