// The layer rules of ../shared/STYLE.md section 1, checked on the compiled assemblies: each project may reference
// only the projects below it that the diagram allows (and what those reference), and codecs do no I/O.
using System.Reflection;

namespace Ovs.Architecture.Tests;

public sealed class LayerTests
{
    // Direct references each project is allowed; everything they may reference is allowed transitively.
    private static readonly Dictionary<string, string[]> s_allowed = new(StringComparer.Ordinal)
    {
        ["Ovs.Common"] = [],
        ["Ovs.Json"] = ["Ovs.Common"],
        ["Ovs.Flow"] = ["Ovs.Common"],
        ["Ovs.Transport"] = ["Ovs.Json"],
        ["Ovs.OpenFlow"] = ["Ovs.Flow"],
        ["Ovs.Ovsdb"] = ["Ovs.Json"],
        ["Ovs.Classifier"] = ["Ovs.Flow"],
        ["Ovs.Ovsdb.Engine"] = ["Ovs.Ovsdb"],
        ["Ovs.Ovsdb.Client"] = ["Ovs.Ovsdb", "Ovs.Transport"],
        ["Ovs.Netdev"] = ["Ovs.Flow"],
        ["Ovs.Dpif"] = ["Ovs.Flow", "Ovs.Netdev"],
        ["Ovs.Ovsdb.Server"] = ["Ovs.Ovsdb.Engine", "Ovs.Transport"],
        ["Ovs.Dpif.Netdev"] = ["Ovs.Dpif", "Ovs.Netdev"],
        ["Ovs.Ofproto"] = ["Ovs.OpenFlow", "Ovs.Classifier", "Ovs.Dpif", "Ovs.Transport"],
        ["Ovs.Vswitchd"] = ["Ovs.Ofproto", "Ovs.Ovsdb.Client"],
        ["Ovs.Cli"] = ["Ovs.Json", "Ovs.Transport", "Ovs.Ovsdb.Client", "Ovs.OpenFlow"],
    };

    private static readonly string[] s_codecs = ["Ovs.Json", "Ovs.Flow", "Ovs.OpenFlow", "Ovs.Ovsdb"];

    public static TheoryData<string> Projects()
    {
        var data = new TheoryData<string>();
        foreach (Assembly a in OurAssemblies())
        {
            data.Add(a.GetName().Name!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void ReferencesOnlyPointDown(string project)
    {
        Assert.True(s_allowed.ContainsKey(project), $"{project} is not in the layer table: add it to STYLE.md and here");
        HashSet<string> allowed = Closure(project);
        Assembly assembly = Assembly.Load(project);
        foreach (AssemblyName reference in assembly.GetReferencedAssemblies())
        {
            if (reference.Name!.StartsWith("Ovs.", StringComparison.Ordinal))
            {
                Assert.True(allowed.Contains(reference.Name), $"{project} must not reference {reference.Name}");
            }
        }
    }

    [Fact]
    public void CodecsDoNoIo()
    {
        string[] forbidden = ["System.Net.Sockets", "System.IO.Pipes", "System.Diagnostics.Process"];
        foreach (Assembly a in OurAssemblies())
        {
            if (!s_codecs.Contains(a.GetName().Name))
            {
                continue;
            }

            foreach (AssemblyName reference in a.GetReferencedAssemblies())
            {
                Assert.DoesNotContain(reference.Name, forbidden);
            }

            foreach (Type t in a.GetTypes())
            {
                Assert.False(
                    t.Namespace is not null && (t.Namespace.Contains("Socket", StringComparison.Ordinal) || t.Name.EndsWith("Socket", StringComparison.Ordinal)),
                    $"{t.FullName} in codec {a.GetName().Name}");
            }
        }
    }

    [Fact]
    public void TableCoversEveryProject()
    {
        Assert.True(OurAssemblies().Count() >= 8);
    }

    private static HashSet<string> Closure(string project)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(s_allowed[project]);
        while (stack.Count > 0)
        {
            string p = stack.Pop();
            if (result.Add(p) && s_allowed.TryGetValue(p, out string[]? next))
            {
                foreach (string n in next)
                {
                    stack.Push(n);
                }
            }
        }

        return result;
    }

    private static IEnumerable<Assembly> OurAssemblies()
    {
        string dir = AppContext.BaseDirectory;
        foreach (string file in Directory.GetFiles(dir, "Ovs.*.dll"))
        {
            string name = Path.GetFileNameWithoutExtension(file);
            if (name.EndsWith(".Tests", StringComparison.Ordinal) || name == "Ovs.TestKit")
            {
                continue;
            }

            yield return Assembly.Load(name);
        }
    }
}
