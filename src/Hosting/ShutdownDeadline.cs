using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Parley.Hosting;

/// <summary>
/// Makes SIGTERM end the process within the host's shutdown timeout, whatever state it is in.
/// A graceful stop normally takes well under a second, but Orleans 10.4.2 keeps retrying its
/// membership-table writes for a minute per shutdown stage when the database is unreachable, and
/// ignores the host's timeout while it does. Everything acknowledged is already durable, so
/// cutting that retry short loses nothing; the other silos vote the silent one dead as after a crash.
/// </summary>
public static partial class ShutdownDeadline
{
    /// <summary>The host's standard key (<c>--shutdownTimeoutSeconds</c>, <c>DOTNET_SHUTDOWNTIMEOUTSECONDS</c>).</summary>
    public const string TimeoutKey = "shutdownTimeoutSeconds";

    /// <summary>Parley's default: inside Kubernetes' default grace period, which ends in SIGKILL.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(25);

    /// <summary>The exit code of a stop that had to be cut short.</summary>
    public const int CutShortExitCode = 1;

    /// <summary>
    /// For the entry points only: an in-process host (a test) must never end its process.
    /// </summary>
    public static IHostApplicationBuilder AddShutdownDeadline(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration[TimeoutKey] is null)
        {
            builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = DefaultTimeout);
        }

        builder.Services.AddHostedService<Watchdog>();
        return builder;
    }

    /// <summary>The moment to give up: shortly before the timeout, so the process is gone when it passes.</summary>
    internal static TimeSpan GiveUpAfter(TimeSpan timeout) =>
        timeout >= TimeSpan.FromSeconds(2) ? timeout - TimeSpan.FromSeconds(1) : timeout / 2;

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void ExitNow(int status);

    /// <summary>Arms itself when constructed: the host builds every hosted service before it starts the first.</summary>
    private sealed partial class Watchdog : IHostedService
    {
        private readonly ILogger<Watchdog> _logger;
        private readonly TimeSpan _giveUpAfter;

        public Watchdog(IHostApplicationLifetime lifetime, IOptions<HostOptions> options, ILogger<Watchdog> logger)
        {
            _logger = logger;
            _giveUpAfter = GiveUpAfter(options.Value.ShutdownTimeout);
            lifetime.ApplicationStopping.Register(Arm);
        }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        private void Arm()
        {
            // A thread of its own: a starved thread pool must not delay the exit.
            var thread = new Thread(() =>
            {
                Thread.Sleep(_giveUpAfter);
                LogCutShort(_giveUpAfter);
                Console.Error.WriteLine($"Parley: shutdown still running after {_giveUpAfter.TotalSeconds:0.#} s; exiting now.");
                Thread.Sleep(TimeSpan.FromMilliseconds(100)); // lets the console logger write its queue
                if (OperatingSystem.IsWindows())
                {
                    Environment.Exit(CutShortExitCode);
                }

                ExitNow(CutShortExitCode);
            })
            {
                IsBackground = true,
                Name = "Parley shutdown deadline",
            };
            thread.Start();
        }

        [LoggerMessage(Level = LogLevel.Critical, Message = "Shutdown still running after {Elapsed}; exiting without finishing it (is the database reachable?)")]
        private partial void LogCutShort(TimeSpan elapsed);
    }
}
