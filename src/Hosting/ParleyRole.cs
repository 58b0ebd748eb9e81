namespace Parley.Hosting;

/// <summary>What this process is in the cluster. Configuration key <c>Parley:Role</c>.</summary>
public enum ParleyRole
{
    /// <summary>Front-end with a co-hosted silo: dev mode, and durable mode with PostgreSQL.</summary>
    Combined,

    /// <summary>Front-end only: an Orleans client of a separate silo cluster (split mode).</summary>
    Frontend,
}
