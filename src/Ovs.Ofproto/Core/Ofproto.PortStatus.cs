// Upstream: ofproto/ofproto.c, ofport_install(), ofport_remove(), ofport_modified() / port_run() and
// update_port_config() (OVS 3.1)
//
// Port status announcements, and the ports' order in upstream's port hash map. A new port is announced as upstream's ofport starts out: its carrier decides
// LINK_DOWN, and it is not yet LIVE; the next port run (posted right after, and again whenever devices change)
// finds it live and announces the modification. A deleted port is announced with its last description. Port-mod
// changes config bits (PORT_DOWN through the device's administrative state) and announces the change to every
// controller but the one that asked (before OpenFlow 1.5).
// Threading: main loop only.
using Ovs.Common.Collections;
using Ovs.Netdev;
using Ovs.Ofproto.Connmgr;
using Ovs.Ofproto.Dpif.Xlate;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Core;

internal sealed partial class Ofproto
{
    private const uint PortDown = 1;
    private const uint LinkDown = 1;
    private const uint Live = 4;

    private readonly TimeProvider _time;
    private readonly HmapModel<OfprotoPort> _hashOrder = new();

    /// <summary>
    /// The ports in the iteration order of upstream's ofproto->ports hash map (keyed by hash_ofp_port()), the order
    /// in which port and queue statistics list them.
    /// </summary>
    public IEnumerable<OfprotoPort> PortsInHashOrder => _hashOrder.Items;

    /// <summary>The switch clock in milliseconds.</summary>
    public long NowMs => _time.GetTimestamp() * 1000 / _time.TimestampFrequency;

    /// <summary>
    /// port_run(): describes every port again and announces those whose description changed since the last
    /// announcement (OFPPR_MODIFY).
    /// </summary>
    public void RunPorts()
    {
        foreach (OfprotoPort port in PortsInHashOrder)
        {
            PhyPort now = OfprotoMessageHandler.Describe(port);
            if (port.Announced is { } old && old != now)
            {
                port.Announced = now;
                _connections?.SendPortStatus(PortStatus.ReasonModify, now, old, source: null);
            }
        }
    }

    /// <summary>
    /// update_port_config(): applies the port-mod bits of <paramref name="mask"/> from <paramref name="config"/> to
    /// <paramref name="port"/> and announces the change, except to <paramref name="source"/> before OpenFlow 1.5.
    /// </summary>
    public void ModifyPortConfig(OfprotoPort port, uint config, uint mask, OfConnection? source)
    {
        PhyPort old = port.Announced ?? OfprotoMessageHandler.Describe(port);
        uint toggle = (config ^ old.Config) & mask;
        if ((toggle & PortDown) != 0)
        {
            bool down = (config & PortDown) != 0;
            int error = port.Netdev.UpdateFlags(down ? NetdevFlags.Up : NetdevFlags.None, down ? NetdevFlags.None : NetdevFlags.Up, out _);
            if (error != 0)
            {
                // The device did not change, so neither does the bit.
                toggle &= ~PortDown;
            }
        }

        if (toggle == 0)
        {
            return;
        }

        // The new config goes out at once, the state only normalized (a port that is down is not live); the device's
        // own reaction (no carrier once down) is for the next port run, as a second modification.
        port.Config ^= toggle & ~PortDown;
        _backer.Upcalls.Invalidate();
        uint newConfig = old.Config ^ toggle;
        uint state = (newConfig & PortDown) != 0 || (old.State & LinkDown) != 0 ? old.State & ~Live : old.State | Live;
        PhyPort now = old with { Config = newConfig, State = state };
        port.Announced = now;
        _connections?.SendPortStatus(PortStatus.ReasonModify, now, old, source);
        Post?.Invoke(RunPorts);
    }

    private void AnnounceAdded(OfprotoPort port)
    {
        _hashOrder.Insert(port, PortHashOrder.HashInt(port.OfpPort, 0));
        PhyPort now = OfprotoMessageHandler.Describe(port);
        PhyPort initial = now with { State = now.State & LinkDown };
        port.Announced = initial;
        _connections?.SendPortStatus(PortStatus.ReasonAdd, initial, null, source: null);
        Post?.Invoke(RunPorts);
    }

    private void AnnounceDeleted(OfprotoPort port)
    {
        _hashOrder.Remove(port, PortHashOrder.HashInt(port.OfpPort, 0));
        PhyPort last = port.Announced ?? OfprotoMessageHandler.Describe(port);
        _connections?.SendPortStatus(PortStatus.ReasonDelete, last, null, source: null);
    }
}
