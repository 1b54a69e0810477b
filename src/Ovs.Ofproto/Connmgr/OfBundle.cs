// Upstream: struct ofp_bundle and struct ofp_bundle_entry of ofproto/bundles.h, with ofp_bundle_open(),
// ofp_bundle_close(), ofp_bundle_discard() and ofp_bundle_add_message() of ofproto/bundles.c (OVS 3.1)
//
// One connection's bundle: its id, the flags it was opened (or first added to) with, whether it is closed, when it
// was last used (for the idle timeout) and the message that created it (the idle timeout's error refers to that),
// then the decoded messages it holds, in order. The state changes answer upstream's errors; any error but BAD_ID for
// a missing bundle also throws the bundle away.
// Threading: main loop only.
using Ovs.Flow;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.Ofproto.Connmgr;

internal sealed class OfBundle(uint id, BundleFlags flags, byte[] creator, long nowMs)
{
    public uint Id { get; } = id;

    public BundleFlags Flags { get; } = flags;

    public bool Closed { get; private set; }

    /// <summary>When the bundle was opened, last had a message added or was closed (monotonic milliseconds).</summary>
    public long UsedMs { get; private set; } = nowMs;

    /// <summary>The open request, or the add message that made the bundle.</summary>
    public byte[] Creator { get; } = creator;

    public List<BundleEntry> Entries { get; } = [];

    /// <summary>ofp_bundle_open(): an id already in use is refused (and that bundle thrown away).</summary>
    public static OfpError Open(Dictionary<uint, OfBundle> bundles, uint id, BundleFlags flags, byte[] request, long nowMs)
    {
        if (bundles.Remove(id))
        {
            return OfpError.OfpbfcBadId;
        }

        bundles.Add(id, new OfBundle(id, flags, request, nowMs));
        return OfpError.None;
    }

    /// <summary>ofp_bundle_close(): the bundle must exist, be open and have been opened with the same flags.</summary>
    public static OfpError Close(Dictionary<uint, OfBundle> bundles, uint id, BundleFlags flags, long nowMs)
    {
        if (!bundles.TryGetValue(id, out OfBundle? bundle))
        {
            return OfpError.OfpbfcBadId;
        }

        OfpError error = bundle.Closed ? OfpError.OfpbfcBundleClosed : bundle.Flags != flags ? OfpError.OfpbfcBadFlags : OfpError.None;
        if (error != OfpError.None)
        {
            bundles.Remove(id);
            return error;
        }

        bundle.UsedMs = nowMs;
        bundle.Closed = true;
        return OfpError.None;
    }

    /// <summary>ofp_bundle_discard(): throws the bundle away; BAD_ID when there is none.</summary>
    public static OfpError Discard(Dictionary<uint, OfBundle> bundles, uint id) =>
        bundles.Remove(id) ? OfpError.None : OfpError.OfpbfcBadId;

    /// <summary>
    /// ofp_bundle_add_message(): a missing bundle is opened by its first message; a closed one, or one opened with
    /// other flags, is refused and thrown away.
    /// </summary>
    public static OfpError Add(Dictionary<uint, OfBundle> bundles, uint id, BundleFlags flags, BundleEntry entry, long nowMs)
    {
        if (!bundles.TryGetValue(id, out OfBundle? bundle))
        {
            bundle = new OfBundle(id, flags, entry.Message, nowMs);
            bundles.Add(id, bundle);
        }
        else if (bundle.Closed || bundle.Flags != flags)
        {
            bundles.Remove(id);
            return bundle.Closed ? OfpError.OfpbfcBundleClosed : OfpError.OfpbfcBadFlags;
        }

        bundle.UsedMs = nowMs;
        bundle.Entries.Add(entry);
        return OfpError.None;
    }
}

/// <summary>
/// One message of a bundle, decoded when it was added: <see cref="Message"/> is the whole add message (errors at
/// commit refer to it), <see cref="Inner"/> the message it carries, and one of the decoded forms by kind.
/// </summary>
internal sealed class BundleEntry(byte[] message, byte[] inner, OfpRaw raw)
{
    public byte[] Message { get; } = message;

    public byte[] Inner { get; } = inner;

    public OfpRaw Raw { get; } = raw;

    public FlowMod? Flow { get; init; }

    /// <summary>For a flow mod: whether it sets the cookie of the flows it modifies (upstream's modify_cookie).</summary>
    public bool ModifyCookie { get; init; }

    public GroupMod? Group { get; init; }

    public PacketOut? Packet { get; init; }

    /// <summary>For a packet-out: the packet's flow with the metadata the message gave.</summary>
    public FlowData PacketFlow { get; init; }
}
