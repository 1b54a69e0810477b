// Upstream: struct dpif_backer, open_dpif_backer() and close_dpif_backer() of ofproto/ofproto-dpif.c (OVS 3.1)
//
// ofproto-dpif keeps one datapath per datapath type, named "ovs-<type>" ("dummy@ovs-dummy"), and every bridge of
// that type puts its ports into it. A backer is that shared datapath with a count of the bridges using it; the
// last bridge to go closes it, deleting the datapath when the bridge itself is deleted (not at a plain exit).
// Threading: main loop only.
using Ovs.Dpif;
using Ovs.Ofproto.Dpif.Upcall;

namespace Ovs.Ofproto.Core;

internal sealed partial class DpifBacker
{
    private readonly Dictionary<string, DpifBacker> _owner;
    private int _references = 1;

    private DpifBacker(Dictionary<string, DpifBacker> owner, string type, IDpif dpif, IDpifProvider provider)
    {
        _owner = owner;
        Type = type;
        Dpif = dpif;
        Provider = provider;
        Upcalls = new UpcallDispatcher(dpif) { PacketIn = Connmgr.PacketInSender.Deliver, Tunnels = TunnelPorts };
        dpif.SetUpcallHandler(Upcalls);
    }

    public string Type { get; }

    public IDpif Dpif { get; }

    public IDpifProvider Provider { get; }

    /// <summary>Turns the datapath's upcalls into translations by the bridge that owns the input port.</summary>
    public UpcallDispatcher Upcalls { get; }

    /// <summary>"type@name", as log lines and dpif/show name the datapath.</summary>
    public string FullName => $"{Type}@{Dpif.Name}";

    /// <summary>
    /// Takes a reference on the backer of <paramref name="type"/> in <paramref name="backers"/>, opening (creating if
    /// needed) its datapath the first time. Returns 0 or the errno of the datapath layer.
    /// </summary>
    public static int Acquire(Dictionary<string, DpifBacker> backers, DpifRegistry registry, string type, out DpifBacker? backer)
    {
        if (backers.TryGetValue(type, out backer))
        {
            backer._references++;
            return 0;
        }

        if (!registry.TryGetProvider(type, out IDpifProvider? provider) || provider is null)
        {
            return DpifRegistry.Eafnosupport;
        }

        string name = $"ovs-{type}";
        int error = provider.Open(name, create: true, out IDpif? dpif);
        if (error == DpifRegistry.Eexist)
        {
            error = provider.Open(name, create: false, out dpif);
        }

        if (error != 0 || dpif is null)
        {
            return error != 0 ? error : DpifRegistry.Eafnosupport;
        }

        backer = new DpifBacker(backers, type, dpif, provider);
        backers.Add(type, backer);
        return 0;
    }

    /// <summary>Drops one reference; the last one closes the datapath, and deletes it with <paramref name="delete"/>.</summary>
    public void Release(bool delete)
    {
        if (--_references > 0)
        {
            return;
        }

        _owner.Remove(Type);
        Upcalls.Stop();
        Dpif.SetUpcallHandler(null);
        if (delete)
        {
            Dpif.Destroy();
        }

        Dpif.Dispose();
    }
}
