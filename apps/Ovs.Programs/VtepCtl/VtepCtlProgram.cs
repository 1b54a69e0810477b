// Upstream: vtep/vtep-ctl.c, main() and usage() (OVS 3.1)
//
// vtep-ctl: the shared db-ctl run sequence (DbCtlProgram) with the hardware_vtep schema, vtep-ctl's commands and
// options, and its --help text.
using Ovs.Cli.DbCtl;
using Ovs.Cli.Options;
using Ovs.Common;

namespace Ovs.Programs.VtepCtl;

internal static class VtepCtlProgram
{
    public static int Run(string[] args) => new Host().Run(args);

    private sealed class Host() : DbCtlProgram("vtep_ctl")
    {
        protected override DbCtlEngine CreateEngine()
        {
            var engine = new DbCtlEngine(VtepSchema.Load, VtepSchema.RowIds, VtepSchema.ShowTables);
            engine.Register(VtepCommands.Table);
            return engine;
        }

        protected override string SchemaVersion => VtepIdl.Version;

        protected override IReadOnlyList<OptionSpec> OptionTable(DbCtlEngine engine) => VtepCtlOptions.FullTable(engine);

        protected override CtlGlobalOptions ApplyOptions(GetOptResult parsed) => VtepCtlOptions.Parse(parsed);

        protected override string ActionText(string action, DbCtlEngine engine) =>
            action == "help" ? Usage(engine) : throw new InvalidOperationException($"unknown action {action}");

        protected override IDbCtlFrontEnd CreateFrontEnd(CtlGlobalOptions options) => new VtepFrontEnd();
    }

    private static string DefaultDb => DbCtlProgram.DefaultDb;

    /// <summary>The --help text.</summary>
    internal static string Usage(DbCtlEngine engine) =>
        UsageHead().Replace("vtep-ctl", OvsProgram.Name, StringComparison.Ordinal)
        + "\n\n" + DbCtlEngine.DbCommandsUsage + engine.TablesUsage() + UsageTail() + "\n";

    private static string UsageHead() =>
        """
        vtep-ctl: VTEP configuration utility
        usage: vtep-ctl [OPTIONS] COMMAND [ARG...]

        VTEP commands:
          show                        print overview of database contents

        Manager commands:
          get-manager                 print the managers
          del-manager                 delete the managers
          [--inactivity-probe=MSECS]
          set-manager TARGET...       set the list of managers to TARGET...

        Physical Switch commands:
          add-ps PS                   create a new physical switch named PS
          del-ps PS                   delete PS and all of its ports
          list-ps                     print the names of all the physical switches
          ps-exists PS                exit 2 if PS does not exist

        Port commands:
          list-ports PS               print the names of all the ports on PS
          add-port PS PORT            add network device PORT to PS
          del-port PS PORT            delete PORT from PS

        Logical Switch commands:
          add-ls LS                   create a new logical switch named LS
          del-ls LS                   delete LS and all of its ports
          list-ls                     print the names of all the logical switches
          ls-exists LS                exit 2 if LS does not exist
          bind-ls PS PORT VLAN LS     bind LS to VLAN on PORT
          unbind-ls PS PORT VLAN      unbind logical switch on VLAN from PORT
          list-bindings PS PORT       list bindings for PORT on PS
          set-replication-mode LS MODE  set replication mode on LS
          get-replication-mode LS       get replication mode on LS

        Logical Router commands:
          add-lr LR                   create a new logical router named LR
          del-lr LR                   delete LR
          list-lr                     print the names of all the logical routers
          lr-exists LR                exit 2 if LR does not exist

        MAC binding commands:
          add-ucast-local LS MAC [ENCAP] IP   add ucast local entry in LS
          del-ucast-local LS MAC              del ucast local entry from LS
          add-mcast-local LS MAC [ENCAP] IP   add mcast local entry in LS
          del-mcast-local LS MAC [ENCAP] IP   del mcast local entry from LS
          clear-local-macs LS                 clear local mac entries
          list-local-macs LS                  list local mac entries
          add-ucast-remote LS MAC [ENCAP] IP  add ucast remote entry in LS
          del-ucast-remote LS MAC             del ucast remote entry from LS
          add-mcast-remote LS MAC [ENCAP] IP  add mcast remote entry in LS
          del-mcast-remote LS MAC [ENCAP] IP  del mcast remote entry from LS
          clear-remote-macs LS                clear remote mac entries
          list-remote-macs LS                 list remote mac entries
        """;

    private static string UsageTail() =>
        $"""

        Options:
          --db=DATABASE               connect to DATABASE
                                      (default: {DefaultDb})
          -t, --timeout=SECS          wait at most SECS seconds
          --dry-run                   do not commit changes to database
          --oneline                   print exactly one line of output per command

        Output formatting options:
          -f, --format=FORMAT         set output formatting to FORMAT
                                      ("table", "html", "csv", or "json")
          -d, --data=FORMAT           set table cell output formatting to
                                      FORMAT ("string", "bare", or "json")
          --no-headings               omit table heading row
          --pretty                    pretty-print JSON in output
          --bare                      equivalent to "--format=list --data=bare --no-headings"

        Logging options:
          -vSPEC, --verbose=SPEC   set logging levels
          -v, --verbose            set maximum verbosity level
          --log-file[=FILE]        enable logging to specified FILE
                                   (default: {OvsPaths.LogDir}/{OvsProgram.Name}.log)
          --syslog-method=(libc|unix:file|udp:ip:port)
                                   specify how to send messages to syslog daemon
          --syslog-target=HOST:PORT  also send syslog msgs to HOST:PORT via UDP
          --no-syslog                 equivalent to --verbose=vtep_ctl:syslog:warn

        Active database connection methods:
          tcp:HOST:PORT           PORT at remote HOST
          ssl:HOST:PORT           SSL PORT at remote HOST
          unix:FILE               Unix domain socket named FILE
        Passive database connection methods:
          ptcp:PORT[:IP]          listen to TCP PORT on IP
          pssl:PORT[:IP]          listen for SSL on PORT on IP
          punix:FILE              listen on Unix domain socket FILE
        PKI configuration (required to use SSL):
          -p, --private-key=FILE  file with private key
          -c, --certificate=FILE  file with certificate for private key
          -C, --ca-cert=FILE      file with peer CA certificate
        SSL options:
          --ssl-protocols=PROTOS  list of SSL protocols to enable
          --ssl-ciphers=CIPHERS   list of SSL ciphers to enable

        Other options:
          -h, --help                  display this help message
          -V, --version               display version information
        """;
}
