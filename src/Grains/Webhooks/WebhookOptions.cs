using System.ComponentModel.DataAnnotations;

namespace Parley.Grains.Webhooks;

/// <summary>Webhook delivery. Section <c>Parley:Webhooks</c>, read by the silos.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Parley:Webhooks";

    /// <summary>How long an event is retried before it is given up (and logged so).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The longest wait between two attempts; waits double from one second up to it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often each silo wakes every endpoint, so deliveries held by a silo that died resume elsewhere.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan WakeEvery { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest one POST may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    [Range(1, 1000)]
    public int MaxEndpoints { get; set; } = 50;
}
