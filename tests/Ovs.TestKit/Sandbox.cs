// A temporary directory that plays OVS_RUNDIR, OVS_LOGDIR, OVS_DBDIR and OVS_SYSCONFDIR for one test, as the
// upstream test suite gives each test its own directory. Disposing it deletes the directory.
namespace Ovs.TestKit;

public sealed class Sandbox : IDisposable
{
    public Sandbox(string? prefix = null)
    {
        // Keep the path short: unix socket paths must fit in 108 bytes.
        Directory = System.IO.Directory.CreateTempSubdirectory(prefix ?? "ovst").FullName;
    }

    public string Directory { get; }

    /// <summary>The environment OVS programs read their directories from, all pointing at the sandbox.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["OVS_RUNDIR"] = Directory,
        ["OVS_LOGDIR"] = Directory,
        ["OVS_DBDIR"] = Directory,
        ["OVS_SYSCONFDIR"] = Directory,
    };

    public string PathOf(string name) => Path.Combine(Directory, name);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A daemon that is still exiting may hold a file for a moment; the temp dir is then left behind.
        }
    }
}
