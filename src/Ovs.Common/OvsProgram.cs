// Upstream: lib/util.c, set_program_name() and ovs_fatal() (OVS 3.1)
namespace Ovs.Common;

/// <summary>
/// The name of the running program ("ovsdb-server", "ovs-vsctl", ...), set once by Main. Messages, pidfiles and
/// control sockets are named after it.
/// </summary>
public static class OvsProgram
{
    private static string s_name = "ovs";

    public static string Name => s_name;

    public static void SetName(string name) => s_name = name;
}
