// Upstream: ovsdb/ovsdb-tool.c, usage(); lib/command-line.c, ovs_cmdl_print_commands() and
// ovs_cmdl_print_options() (OVS 3.1)
using Ovs.Cli.Options;
using Ovs.Common;

namespace Ovs.Programs.OvsdbTool;

/// <summary>The help texts, byte for byte as Debian's ovsdb-tool prints them.</summary>
internal static class ToolUsage
{
    public static void WriteHelp(TextWriter output)
    {
        string p = OvsProgram.Name;
        output.Write(
            $"""
            {p}: Open vSwitch database management utility
            usage: {p} [OPTIONS] COMMAND [ARG...]
              create [DB [SCHEMA]]    create DB with the given SCHEMA
              [--election-timer=ms] create-cluster DB CONTENTS LOCAL
                create clustered DB with given CONTENTS and LOCAL address
              [--cid=UUID] join-cluster DB NAME LOCAL REMOTE...
                join clustered DB with given NAME and LOCAL and REMOTE addrs
              compact [DB [DST]]      compact DB in-place (or to DST)
              convert [DB [SCHEMA [DST]]]   convert DB to SCHEMA (to DST)
              db-name [DB]            report name of schema used by DB
              db-version [DB]         report version of schema used by DB
              db-cksum [DB]           report checksum of schema used by DB
              db-cid DB               report cluster ID of clustered DB
              db-sid DB               report server ID of clustered DB
              db-local-address DB     report local address of clustered DB
              db-is-clustered DB      test whether DB is clustered
              db-is-standalone DB     test whether DB is standalone
              schema-name [SCHEMA]    report SCHEMA's name
              schema-version [SCHEMA] report SCHEMA's schema version
              schema-cksum [SCHEMA]   report SCHEMA's checksum
              compare-versions A OP B  compare OVSDB schema version numbers
              query [DB] TRNS         execute read-only transaction on DB
              transact [DB] TRNS      execute read/write transaction on DB
              cluster-to-standalone DB DB    Convert clustered DB to
                  standalone DB when cluster is down and cannot be
                    revived
              [-m]... show-log [DB]   print DB's log entries
            The default DB is {OvsPaths.DbDir}/conf.db.
            The default SCHEMA is {OvsPaths.PkgDataDir}/vswitch.ovsschema.

            Logging options:
              -vSPEC, --verbose=SPEC   set logging levels
              -v, --verbose            set maximum verbosity level
              --log-file[=FILE]        enable logging to specified FILE
                                       (default: {OvsPaths.LogDir}/{p}.log)
              --syslog-method=(libc|unix:file|udp:ip:port)
                                       specify how to send messages to syslog daemon
              --syslog-target=HOST:PORT  also send syslog msgs to HOST:PORT via UDP

            Other options:
              -m, --more                  increase show-log verbosity
              --rbac-role=ROLE            RBAC role for transact and query commands
              -h, --help                  display this help message
              -V, --version               display version information

            """);
    }

    /// <summary>"list-commands": each name padded to 24 columns, then its argument synopsis.</summary>
    public static void WriteCommands(TextWriter output, IEnumerable<ToolCommand> commands)
    {
        output.Write("The available commands are:\n");
        foreach (ToolCommand command in commands)
        {
            output.Write($"  {command.Name,-24}{command.Usage}\n");
        }
    }

    /// <summary>"--option": every long option, then its short form, with upstream's argument markers.</summary>
    public static void WriteOptions(TextWriter output, IEnumerable<OptionSpec> table)
    {
        foreach (OptionSpec spec in table)
        {
            string longSuffix = spec.Argument switch
            {
                OptionArgument.Required => "=ARG",
                OptionArgument.Optional => "=[ARG]",
                _ => "",
            };
            output.Write($"--{spec.Name}{longSuffix}\n");
            if (spec.Short != '\0')
            {
                string shortSuffix = spec.Argument switch
                {
                    OptionArgument.Required => "ARG",
                    OptionArgument.Optional => "[ARG]",
                    _ => "",
                };
                output.Write($"-{spec.Short} {shortSuffix}\n");
            }
        }
    }
}
