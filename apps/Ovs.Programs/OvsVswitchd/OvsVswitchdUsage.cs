// Upstream: vswitchd/ovs-vswitchd.c, usage(), with lib/stream.c, lib/daemon.c and lib/vlog.c's usage texts (OVS 3.1)
using Ovs.Common;

namespace Ovs.Programs.OvsVswitchd;

/// <summary>The --help text, byte for byte Debian 3.1.0's, with the run and log directories from the environment.</summary>
internal static class OvsVswitchdUsage
{
    public static string Text =>
        "ovs-vswitchd: Open vSwitch daemon\n" +
        "usage: ovs-vswitchd [OPTIONS] [DATABASE]\n" +
        "where DATABASE is a socket on which ovsdb-server is listening\n" +
        $"      (default: \"unix:{OvsPaths.RunDir}/db.sock\").\n" +
        "\n" +
        "Active DATABASE connection methods:\n" +
        "  tcp:HOST:PORT           PORT at remote HOST\n" +
        "  ssl:HOST:PORT           SSL PORT at remote HOST\n" +
        "  unix:FILE               Unix domain socket named FILE\n" +
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
        $"  --pidfile[=FILE]        create pidfile (default: {OvsPaths.RunDir}/ovs-vswitchd.pid)\n" +
        "  --overwrite-pidfile     with --pidfile, start even if already running\n" +
        "\n" +
        "Logging options:\n" +
        "  -vSPEC, --verbose=SPEC   set logging levels\n" +
        "  -v, --verbose            set maximum verbosity level\n" +
        "  --log-file[=FILE]        enable logging to specified FILE\n" +
        $"                           (default: {OvsPaths.LogDir}/ovs-vswitchd.log)\n" +
        "  --syslog-method=(libc|unix:file|udp:ip:port)\n" +
        "                           specify how to send messages to syslog daemon\n" +
        "  --syslog-target=HOST:PORT  also send syslog msgs to HOST:PORT via UDP\n" +
        "\n" +
        "DPDK options:\n" +
        "Configuration of DPDK via command-line is removed from this\n" +
        "version of Open vSwitch. DPDK is configured through ovsdb.\n" +
        "\n" +
        "Other options:\n" +
        "  --unixctl=SOCKET          override default control socket name\n" +
        "  -h, --help                display this help message\n" +
        "  -V, --version             display version information\n";
}
