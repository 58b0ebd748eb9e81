using System.Data.Common;

namespace Parley.Grains.Abstractions;

/// <summary>Recognises a failure to reach the database, however deep Orleans wrapped it.</summary>
public static class StorageFailure
{
    public static bool IsIn(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DbException)
            {
                return true;
            }
        }

        return false;
    }
}
