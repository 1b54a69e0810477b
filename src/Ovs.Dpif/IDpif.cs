// Upstream: struct dpif_class in lib/dpif-provider.h and the dpif_* API of lib/dpif.h (OVS 3.1).
// The datapath interface, split into role interfaces so that a caller (ofproto, dpctl) depends only on the part it
// uses. Errors are errno values as upstream returns them (0 = success; EEXIST, ENOENT, EINVAL, EFBIG, ENODEV...),
// because callers print them with strerror in upstream's messages ("updating flow table (File exists)").
//
// Threading: a datapath may be used from the main thread (ports, flow table management, dumps) and from upcall
// handler and revalidator threads (flow put/del/get and execute) at the same time; implementations make those
// operations safe to call concurrently. Upcall handlers are called on the datapath's own threads.
namespace Ovs.Dpif;

/// <summary>Port management; port numbers are datapath ("odp") port numbers.</summary>
internal interface IDpifPorts
{
    /// <summary>
    /// Adds the netdev called name, of the given type, as a port. When portNumber is set on entry that number is
    /// requested (EBUSY if taken); on success it holds the number the port got.
    /// </summary>
    int PortAdd(string name, string type, ref uint? portNumber);

    /// <summary>Removes a port; ENODEV if there is none with that number, EINVAL for the local port (0).</summary>
    int PortDel(uint portNumber);

    /// <summary>ENODEV when no port has that number.</summary>
    int PortQueryByNumber(uint portNumber, out DpifPort? port);

    /// <summary>ENODEV when no port has that name.</summary>
    int PortQueryByName(string name, out DpifPort? port);

    /// <summary>A snapshot of the ports, in port-number order.</summary>
    IReadOnlyList<DpifPort> PortDump();
}

/// <summary>The flow table. A flow is named by its UFID when it has one, else by its exact key.</summary>
internal interface IDpifFlows
{
    /// <summary>Adds or modifies a flow (see DpifFlowPutFlags); stats receives the old statistics when modifying.</summary>
    int FlowPut(DpifFlowPut put, out DpifFlowStats stats);

    /// <summary>Looks a flow up by UFID, or by key when ufid is null; ENOENT when absent.</summary>
    int FlowGet(ReadOnlyMemory<byte> key, Ufid? ufid, out DpifFlow? flow);

    /// <summary>Deletes a flow (by UFID, or by key when ufid is null) and returns its final statistics.</summary>
    int FlowDel(ReadOnlyMemory<byte> key, Ufid? ufid, out DpifFlowStats stats);

    /// <summary>Deletes every flow.</summary>
    int FlowFlush();

    /// <summary>A snapshot of the flow table.</summary>
    IReadOnlyList<DpifFlow> FlowDump();
}

/// <summary>Runs actions on packets that did not come from a port (packet-out, slow path).</summary>
internal interface IDpifExecute
{
    int Execute(DpifExecute execute);
}

/// <summary>Receives packets that the datapath sends to userspace.</summary>
internal interface IDpifUpcallHandler
{
    /// <summary>Called on a datapath thread for each upcall; must not block for long.</summary>
    DpifUpcallResult HandleUpcall(DpifUpcall upcall);
}

/// <summary>Upcall delivery: at most one handler; null stops delivery (misses are then dropped).</summary>
internal interface IDpifUpcalls
{
    void SetUpcallHandler(IDpifUpcallHandler? handler);
}

/// <summary>Datapath-wide statistics (dpctl/show's "lookups:", "flows:" and "masks:" lines).</summary>
internal interface IDpifStats
{
    DpifDpStats GetStats();
}

/// <summary>An open datapath. Disposing closes this handle; the datapath itself lives until Destroy.</summary>
internal interface IDpif : IDpifPorts, IDpifFlows, IDpifExecute, IDpifUpcalls, IDpifStats, IDisposable
{
    /// <summary>The datapath's name without its type ("dp0" for "dummy@dp0").</summary>
    string Name { get; }

    /// <summary>The provider type ("netdev", "dummy", "system").</summary>
    string Type { get; }

    /// <summary>Deletes the datapath (dpctl/del-dp); the handle stays usable only for Dispose.</summary>
    int Destroy();

    /// <summary>
    /// The datapath's version text for the Bridge "datapath_version" column (dpif_get_dp_version), or null when the
    /// datapath does not tell; the bridge then writes "&lt;unknown&gt;".
    /// </summary>
    string? DatapathVersion => null;

    /// <summary>
    /// dpif_set_config: the Open_vSwitch other_config column, for the datapath settings it holds (PMD cores, queue
    /// assignment...). Returns 0 or an errno value; datapaths without such settings ignore it.
    /// </summary>
    int SetConfig(IReadOnlyDictionary<string, string> otherConfig) => 0;

    /// <summary>dpif_port_set_config: an Interface's other_config for the port with this number.</summary>
    int PortSetConfig(uint portNumber, IReadOnlyDictionary<string, string> config) => 0;

    /// <summary>dpif_run: lets the datapath act on changes its devices asked for (new queue counts...).</summary>
    void Run()
    {
    }
}

/// <summary>A kind of datapath, registered by type name.</summary>
internal interface IDpifProvider
{
    string Type { get; }

    /// <summary>
    /// Opens the named datapath, or with create creates it: ENODEV when it does not exist and !create, EEXIST when it
    /// exists already and create (dpif_create; dpctl/add-dp prints "add_dp (File exists)").
    /// </summary>
    int Open(string name, bool create, out IDpif? dpif);

    /// <summary>Names of the datapaths of this type that exist now.</summary>
    IReadOnlyList<string> EnumerateNames();

    /// <summary>
    /// The netdev type a port of Interface type <paramref name="type"/> is opened with on datapaths of this kind
    /// (dpif_port_open_type): an empty type means "system"; a provider may map "internal" to its own device type.
    /// </summary>
    string PortOpenType(string type) => type.Length == 0 ? "system" : type;
}

/// <summary>
/// Implemented by a provider whose datapaths can be unreachable as a whole (the kernel datapath when its module is
/// not loaded): enumeration then fails with an errno instead of listing nothing (dp_enumerate_names' result).
/// </summary>
internal interface IDpifProviderEnumeration
{
    int TryEnumerateNames(out IReadOnlyList<string> names);
}
