// Upstream: ovsdb/ovsdb-server.c, usage(), with lib/stream.c, lib/daemon.c and lib/vlog.c's usage texts (OVS 3.1)
using Ovs.Common;

namespace Ovs.Programs.OvsdbServer;

/// <summary>The --help text, byte for byte Debian 3.1.0's, with the directories taken from the environment.</summary>
internal static class OvsdbServerUsage
{
    public static string Text =>
        "ovsdb-server: Open vSwitch database server\n" +
        "usage: ovsdb-server [OPTIONS] [DATABASE...]\n" +
        "where each DATABASE is a database file in ovsdb format.\n" +
        "The default DATABASE, if none is given, is\n" +
        $"{OvsPaths.DbDir}/conf.db.\n" +
        "\n" +
        "JSON-RPC options (may be specified any number of times):\n" +
        "  --remote=REMOTE         connect or listen to REMOTE\n" +
        "\n" +
        "Active JSON-RPC connection methods:\n" +
        "  tcp:HOST:PORT           PORT at remote HOST\n" +
        "  ssl:HOST:PORT           SSL PORT at remote HOST\n" +
        "  unix:FILE               Unix domain socket named FILE\n" +
        "Passive JSON-RPC connection methods:\n" +
        "  ptcp:PORT[:IP]          listen to TCP PORT on IP\n" +
        "  pssl:PORT[:IP]          listen for SSL on PORT on IP\n" +
        "  punix:FILE              listen on Unix domain socket FILE\n" +
        "PKI configuration (required to use SSL):\n" +
        "  -p, --private-key=FILE  file with private key\n" +
        "  -c, --certificate=FILE  file with certificate for private key\n" +
        "  -C, --ca-cert=FILE      file with peer CA certificate\n" +
        "  --bootstrap-ca-cert=FILE  file with peer CA certificate to read or create\n" +
        "SSL options:\n" +
        "  --ssl-protocols=PROTOS  list of SSL protocols to enable\n" +
        "  --ssl-ciphers=CIPHERS   list of SSL ciphers to enable\n" +
        "\n" +
        "Daemon options:\n" +
        "  --detach                run in background as daemon\n" +
        "  --monitor               creates a process to monitor this daemon\n" +
        "  --user=username[:group] changes the effective daemon user:group\n" +
        "  --no-chdir              do not chdir to '/'\n" +
        $"  --pidfile[=FILE]        create pidfile (default: {OvsPaths.RunDir}/ovsdb-server.pid)\n" +
        "  --overwrite-pidfile     with --pidfile, start even if already running\n" +
        "\n" +
        "Logging options:\n" +
        "  -vSPEC, --verbose=SPEC   set logging levels\n" +
        "  -v, --verbose            set maximum verbosity level\n" +
        "  --log-file[=FILE]        enable logging to specified FILE\n" +
        $"                           (default: {OvsPaths.LogDir}/ovsdb-server.log)\n" +
        "  --syslog-method=(libc|unix:file|udp:ip:port)\n" +
        "                           specify how to send messages to syslog daemon\n" +
        "  --syslog-target=HOST:PORT  also send syslog msgs to HOST:PORT via UDP\n" +
        "\n" +
        "Syncing options:\n" +
        "  --sync-from=SERVER      sync DATABASE from active SERVER and start in\n" +
        "                          backup mode (except with --active)\n" +
        "  --sync-exclude-tables=DB:TABLE,...\n" +
        "                          exclude the TABLE in DB from syncing\n" +
        "  --active                with --sync-from, start in active mode\n" +
        "\n" +
        "Replay options:\n" +
        "  --record[=DIR]            turn on writing replay files\n" +
        "  --replay[=DIR]            run from replay files\n" +
        "\n" +
        "Other options:\n" +
        "  --run COMMAND           run COMMAND as subprocess then exit\n" +
        "  --unixctl=SOCKET        override default control socket name\n" +
        "  --disable-file-column-diff\n" +
        "                          don't use column diff in database file\n" +
        "  -h, --help              display this help message\n" +
        "  -V, --version           display version information\n";
}
