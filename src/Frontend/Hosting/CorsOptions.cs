namespace Parley.Frontend.Hosting;

/// <summary>Which other origins may call Parley from a browser. Section <c>Parley:Cors</c>.</summary>
public sealed class ParleyCorsOptions
{
    public const string Section = "Parley:Cors";

    /// <summary>Empty (default): same origin only. <c>*</c>: any origin, never with credentials.</summary>
    public string[] AllowedOrigins { get; set; } = [];
}
