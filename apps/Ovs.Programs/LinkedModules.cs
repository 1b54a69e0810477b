// The vlog modules every program has, as upstream's programs do: each links the whole libopenvswitch, so
// `-vjsonrpc`, `vlog/set reconnect:dbg` and `vlog/list` accept and show the same module names in every program.
// The lists are what Debian's 3.1.0 programs print for `ovs-appctl vlog/list` (ovsdb-server's stands for every
// program without its own; ovs-ofctl's are the modules Debian's accepts in -vMODULE:dbg), grouped by the part of
// the library that brings them.
using Ovs.Common.Logging;

namespace Ovs.Programs;

internal static class LinkedModules
{
    // The library every program links.
    private static readonly string[] s_library =
    [
        "backtrace",
        "bundle",
        "command_line",
        "conntrack",
        "conntrack_tp",
        "coverage",
        "ct_dpif",
        "daemon",
        "daemon_unix",
        "dns_resolve",
        "dpdk",
        "dpif",
        "dpif_lookup_autovalidator",
        "dpif_lookup_generic",
        "dpif_mfex_extract_study",
        "dpif_netdev",
        "dpif_netdev_extract",
        "dpif_netdev_impl",
        "dpif_netdev_lookup",
        "dpif_netlink",
        "dpif_netlink_rtnl",
        "entropy",
        "fatal_signal",
        "flow",
        "hmap",
        "ipf",
        "jsonrpc",
        "lockfile",
        "meta_flow",
        "native_tnl",
        "netdev",
        "netdev_afxdp",
        "netdev_linux",
        "netdev_offload",
        "netdev_offload_tc",
        "netdev_vport",
        "netlink",
        "netlink_conntrack",
        "netlink_notifier",
        "netlink_socket",
        "nx_match",
        "odp_execute",
        "odp_execute_impl",
        "odp_util",
        "ofp_actions",
        "ofp_bundle",
        "ofp_connection",
        "ofp_errors",
        "ofp_flow",
        "ofp_group",
        "ofp_match",
        "ofp_meter",
        "ofp_monitor",
        "ofp_msgs",
        "ofp_packet",
        "ofp_port",
        "ofp_protocol",
        "ofp_queue",
        "ofp_table",
        "ofp_util",
        "ovs_numa",
        "ovs_rcu",
        "ovs_replay",
        "ovs_router",
        "ovs_thread",
        "ovsdb_cs",
        "ovsdb_error",
        "ovsdb_idl",
        "ox_stat",
        "pmd_perf",
        "poll_loop",
        "process",
        "reconnect",
        "route_table",
        "sha1",
        "signals",
        "socket_util",
        "socket_util_unix",
        "stream",
        "stream_fd",
        "stream_replay",
        "stream_ssl",
        "stream_tcp",
        "stream_unix",
        "svec",
        "tc",
        "timeval",
        "unixctl",
        "userspace_tso",
        "util",
        "uuid",
        "vlog",
    ];

    // Memory reporting, in the daemons.
    private static readonly string[] s_memory =
    [
        "memory",
    ];

    // The database server and its storage.
    private static readonly string[] s_ovsdbServer =
    [
        "ovsdb",
        "ovsdb_file",
        "ovsdb_jsonrpc_server",
        "ovsdb_log",
        "ovsdb_monitor",
        "ovsdb_rbac",
        "ovsdb_server",
        "ovsdb_util",
        "raft",
        "raft_rpc",
        "relay",
        "replication",
        "storage",
        "transaction",
        "transaction_forward",
        "trigger",
    ];

    // OpenFlow connections and packet capture.
    private static readonly string[] s_openFlow =
    [
        "pcap",
        "vconn",
        "vconn_stream",
    ];

    // The switch: bridges, ofproto and its protocols.
    private static readonly string[] s_ofproto =
    [
        "bfd",
        "bond",
        "bridge",
        "bundles",
        "cfm",
        "collectors",
        "connmgr",
        "fail_open",
        "in_band",
        "ipfix",
        "lacp",
        "lldp",
        "lldpd",
        "lldpd_structs",
        "netdev_dummy",
        "netflow",
        "ofproto",
        "ofproto_dpif",
        "ofproto_dpif_mirror",
        "ofproto_dpif_monitor",
        "ofproto_dpif_rid",
        "ofproto_dpif_upcall",
        "ofproto_dpif_xlate",
        "ofproto_xlate_cache",
        "ovs_lldp",
        "rconn",
        "rstp",
        "rstp_sm",
        "sflow",
        "stp",
        "system_stats",
        "tunnel",
        "vswitchd",
    ];

    // ovs-ofctl itself.
    private static readonly string[] s_ofctl =
    [
        "ofctl",
    ];

    public static void Register(string program)
    {
        string[][] groups = program switch
        {
            "ovs-ofctl" => [s_library, s_openFlow, s_ofctl],
            "ovs-vswitchd" => [s_library, s_memory, s_openFlow, s_ofproto],
            _ => [s_library, s_memory, s_ovsdbServer],
        };
        foreach (string[] group in groups)
        {
            VlogModule.Register(group);
        }
    }
}
