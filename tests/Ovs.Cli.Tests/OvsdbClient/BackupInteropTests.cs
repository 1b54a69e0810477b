// backup and restore of our ovsdb-client against Debian's ovsdb-server and tools.
using System.Text.RegularExpressions;
using Ovs.TestKit;

namespace Ovs.Cli.Tests.OvsdbClient;

public sealed partial class BackupInteropTests
{
    private static string Debian => ProgramRunner.Reference("ovsdb-client")!;

    private static string Ours => ProgramRunner.Ours("ovsdb-client")!;

    [RequiresProgramsFact(["ovsdb-client"], ["ovsdb-server", "ovsdb-tool", "ovsdb-client"])]
    public void Backup_matches_debian_except_the_date()
    {
        using var server = new DebianServer();
        ProgramResult theirs = ProgramRunner.Run(Debian, ["backup", server.Remote], server.Sandbox);
        ProgramResult ours = ProgramRunner.Run(Ours, ["backup", server.Remote], server.Sandbox);
        Assert.Equal(0, ours.ExitCode);
        Assert.Equal(WithoutDate(theirs.Stdout), WithoutDate(ours.Stdout));

        // Debian's ovsdb-tool accepts the file as a database.
        File.WriteAllText(server.Sandbox.PathOf("backup.db"), ours.Stdout);
        ProgramResult check = ProgramRunner.Run(ProgramRunner.Reference("ovsdb-tool")!, ["db-version", server.Sandbox.PathOf("backup.db")], server.Sandbox);
        Assert.Equal("1.2.3\n", check.Stdout);
    }

    [RequiresProgramsFact(["ovsdb-client"], ["ovsdb-server", "ovsdb-tool", "ovsdb-client"])]
    public void Restore_of_a_debian_backup_restores_the_contents()
    {
        using var server = new DebianServer();
        string backup = ProgramRunner.Run(Debian, ["backup", server.Remote], server.Sandbox).Stdout;
        string before = ProgramRunner.Run(Debian, ["dump", server.Remote], server.Sandbox).Stdout;
        ProgramRunner.Run(Debian, ["transact", server.Remote, """["Test",{"op":"delete","table":"Simple","where":[]}]"""], server.Sandbox);

        ProgramResult restore = ProgramRunner.Run(Ours, ["restore", server.Remote], server.Sandbox, stdin: backup);
        Assert.Equal(string.Empty, restore.Stderr);
        Assert.Equal(0, restore.ExitCode);
        string after = ProgramRunner.Run(Debian, ["dump", server.Remote], server.Sandbox).Stdout;
        Assert.Equal(UuidFilter.Apply(before), UuidFilter.Apply(after));
    }

    [RequiresProgramsTheory(["ovsdb-client"], ["ovsdb-server", "ovsdb-tool", "ovsdb-client"])]
    [InlineData("")]
    [InlineData("{\"name\":\"Test\"}\n")]
    [InlineData("OVSDB JSON 3 0\n{}\n")]
    public void Restore_errors_match_debian(string input)
    {
        using var server = new DebianServer();
        ProgramResult theirs = ProgramRunner.Run(Debian, ["restore", server.Remote], server.Sandbox, stdin: input);
        ProgramResult ours = ProgramRunner.Run(Ours, ["restore", server.Remote], server.Sandbox, stdin: input);
        Assert.Equal(theirs.Stderr, ours.Stderr);
        Assert.Equal(theirs.ExitCode, ours.ExitCode);
    }

    private static string WithoutDate(string backup) =>
        SecondHeader().Replace(DateMember().Replace(backup, "\"_date\":0"), "OVSDB JSON $1 SHA1\n");

    [GeneratedRegex("\"_date\":[0-9]+")]
    private static partial Regex DateMember();

    [GeneratedRegex("(?<=\\n)OVSDB JSON ([0-9]+) [0-9a-f]{40}\\n(?=\\{\"_date\")")]
    private static partial Regex SecondHeader();
}
