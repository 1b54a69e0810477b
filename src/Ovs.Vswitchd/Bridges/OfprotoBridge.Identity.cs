// Upstream: vswitchd/bridge.c, bridge_configure_datapath_id(), bridge_pick_local_hw_addr(), find_local_hw_addr(),
// bridge_pick_datapath_id() and lib/dpif.c's dpid_from_string() (OVS 3.1)
//
// The bridge's Ethernet address is other_config:hwaddr when that is a usable unicast address; otherwise the lowest
// "real" address among its ports (multicast, locally administered, reserved and zero addresses do not count, nor
// does the local port, whose address is being chosen); otherwise a random locally administered address picked once
// per bridge.
// The local port gets that address. The datapath ID is other_config:datapath-id when it is 16 hex digits and not
// zero, else the address as a number; a change is logged ("bridge BR: using datapath ID ...").
using System.Globalization;
using Ovs.Flow.Packets;
using Ovs.Ofproto.Core;

namespace Ovs.Vswitchd.Bridges;

internal sealed partial class OfprotoBridge
{
    private readonly EthAddr _defaultAddress;
    private bool _datapathIdSet;

    /// <summary>The datapath ID as the Bridge datapath_id column shows it (16 hex digits).</summary>
    public string DatapathIdText => _ofproto.DatapathId.ToString("x16", CultureInfo.InvariantCulture);

    private void ConfigureIdentity(BridgeConfig config)
    {
        EthAddr address = PickAddress(config);
        if (_ifaces.Values.FirstOrDefault(i => i.OfpPort == OfpPortNumber.Local) is { } local)
        {
            int error = local.Netdev.SetEtherAddress(address);
            if (error != 0)
            {
                s_log.Err(s_addLimit, $"bridge {Name}: failed to set bridge Ethernet address: {Common.OvsErrno.StrError(error)}");
            }
        }

        ulong dpid = ParseDatapathId(config.OtherConfig.GetValueOrDefault("datapath-id")) ?? address.Bits;
        if (!_datapathIdSet || dpid != _ofproto.DatapathId)
        {
            s_log.Info($"bridge {Name}: using datapath ID {dpid.ToString("x16", CultureInfo.InvariantCulture)}");
            _ofproto.DatapathId = dpid;
            _datapathIdSet = true;
        }
    }

    private EthAddr PickAddress(BridgeConfig config)
    {
        if (config.OtherConfig.TryGetValue("hwaddr", out string? text) && EthAddr.TryParse(text, out EthAddr requested))
        {
            if (requested.IsMulticast)
            {
                s_log.Err($"bridge {Name}: cannot set MAC address to multicast address {requested}");
            }
            else if (requested.IsZero)
            {
                s_log.Err($"bridge {Name}: cannot set MAC address to zero");
            }
            else
            {
                return requested;
            }
        }

        EthAddr? best = null;
        foreach (PortConfig port in config.Ports)
        {
            if (PortAddress(port) is EthAddr candidate && IsUsableForBridge(candidate) && (best is null || candidate.Bits < best.Value.Bits))
            {
                best = candidate;
            }
        }

        return best ?? _defaultAddress;
    }

    /// <summary>The address that represents <paramref name="port"/>, or null when it has none or is the local port.</summary>
    private EthAddr? PortAddress(PortConfig port)
    {
        if (port.Mac is { } mac && EthAddr.TryParse(mac, out EthAddr configured))
        {
            return configured;
        }

        // As the kernel's bonding driver does, a port is represented by its interface whose name sorts first.
        Iface? first = null;
        foreach (InterfaceConfig cfg in port.Interfaces)
        {
            if (_ifaces.TryGetValue(cfg.Name, out Iface? iface) && (first is null || string.CompareOrdinal(iface.Name, first.Name) < 0))
            {
                first = iface;
            }
        }

        if (first is null || first.OfpPort == OfpPortNumber.Local || first.Netdev.GetEtherAddress(out EthAddr address) != 0)
        {
            return null;
        }

        return address;
    }

    private static bool IsUsableForBridge(EthAddr address)
    {
        ulong bits = address.Bits;
        bool local = (bits & 0x0200_0000_0000UL) != 0;

        // 01:80:c2:00:00:00 to 01:80:c2:00:00:ff are reserved (IEEE 802.1D and friends); they are multicast anyway.
        return !address.IsMulticast && !local && !address.IsZero;
    }

    /// <summary>dpid_from_string: exactly 16 hex digits, not all zero.</summary>
    private static ulong? ParseDatapathId(string? text)
    {
        if (text is null || text.Length != 16 || !ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong dpid))
        {
            return null;
        }

        return dpid != 0 ? dpid : null;
    }

    /// <summary>A random unicast, locally administered address (upstream's eth_addr_random + eth_addr_mark_random).</summary>
    private static EthAddr RandomLocalAddress()
    {
        Span<byte> bytes = stackalloc byte[6];
        Random.Shared.NextBytes(bytes);
        bytes[0] = (byte)((bytes[0] & 0xfe) | 0x02);
        return EthAddr.Read(bytes);
    }
}
