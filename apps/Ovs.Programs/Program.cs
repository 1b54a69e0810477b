// The multi-call entry point. out/bin holds one hard link per upstream program name; Main runs the program whose
// name it was started under. "ovs-programs NAME ARGS..." also works, for development.
using System.Collections.Frozen;
using Ovs.Common;

namespace Ovs.Programs;

internal static class Program
{
    private static readonly FrozenDictionary<string, Func<string[], int>> s_programs =
        new Dictionary<string, Func<string[], int>>(StringComparer.Ordinal)
        {
            ["ovs-appctl"] = OvsAppctl.OvsAppctlProgram.Run,
            ["ovs-dpctl"] = OvsDpctl.OvsDpctlProgram.Run,
            ["ovsdb-tool"] = OvsdbTool.OvsdbTool.Run,
            ["ovsdb-client"] = OvsdbClient.OvsdbClientProgram.Run,
            ["ovsdb-server"] = OvsdbServer.OvsdbServerProgram.Run,
            ["ovs-vswitchd"] = OvsVswitchd.OvsVswitchdProgram.Run,
            ["ovs-vsctl"] = OvsVsctl.OvsVsctlProgram.Run,
            ["ovs-ofctl"] = OvsOfctl.OvsOfctlProgram.Run,
            ["vtep-ctl"] = VtepCtl.VtepCtlProgram.Run,
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The program names, for the Makefile's links (printed by "ovs-programs --list").</summary>
    internal static IEnumerable<string> Names => s_programs.Keys.Order(StringComparer.Ordinal);

    private static int Main(string[] args)
    {
        string name = Path.GetFileName(Environment.GetCommandLineArgs()[0]);
        if (!s_programs.ContainsKey(name))
        {
            if (args.Length == 1 && args[0] == "--list")
            {
                foreach (string n in Names)
                {
                    Console.WriteLine(n);
                }

                return 0;
            }

            if (args.Length == 0 || !s_programs.ContainsKey(args[0]))
            {
                Console.Error.WriteLine("usage: ovs-programs PROGRAM [ARG...], or run it under a program's name");
                return 1;
            }

            name = args[0];
            args = args[1..];
        }

        OvsProgram.SetName(name);
        LinkedModules.Register(name);
        return s_programs[name](args);
    }
}
