// Upstream: ovsdb/log.h, enum ovsdb_log_open_mode (OVS 3.1)
namespace Ovs.Ovsdb.Engine.Storage;

internal enum LogOpenMode
{
    /// <summary>Read the records; the file must exist. Writing is refused.</summary>
    ReadOnly,

    /// <summary>Read the records, then append; the file must exist.</summary>
    ReadWrite,

    /// <summary>Create a new, empty log; fails with "File exists" if the name is taken.</summary>
    CreateExclusive,

    /// <summary>Create a new, empty log, replacing any existing file.</summary>
    Create,
}
