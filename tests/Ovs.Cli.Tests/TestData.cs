// Locates the golden files under tests/testdata (recorded from Debian's OVS 3.1.0 binaries).
namespace Ovs.Cli.Tests;

internal static class TestData
{
    public static string Root
    {
        get
        {
            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "OpenVSwitch.slnx")))
            {
                dir = Path.GetDirectoryName(dir);
            }

            return Path.Combine(dir ?? throw new DirectoryNotFoundException("repository root not found"), "tests", "testdata");
        }
    }

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));
}
