// Upstream: the controller member of struct user_action_cookie in lib/odp-util.h (OVS 3.1)
//
// What a userspace(controller(...)) action's cookie says: which bridge asked for the packet-in, why, for which rule,
// to which controller, how much of the packet to send, and whether to send it at all (ofproto/trace's copies say
// "don't send"). The layout is the one Xlator writes (UserActionCookie has the offsets' convention).
using System.Buffers.Binary;
using Ovs.Dpif.Odp;

namespace Ovs.Ofproto.Dpif.Upcall;

internal readonly record struct ControllerCookie(
    Guid Bridge, bool DontSend, bool Continuation, ushort Reason, uint RecircId, ulong RuleCookie, ushort ControllerId, ushort MaxLen)
{
    /// <summary>Reads a controller cookie (the caller has checked its type and length).</summary>
    public static ControllerCookie Read(ReadOnlySpan<byte> c) => new(
        new Guid(c.Slice(4, 16)),
        c[20] != 0,
        c[21] != 0,
        UserActionCookie.ReadU16(c, 22),
        UserActionCookie.ReadU32(c, 24),
        BinaryPrimitives.ReadUInt64BigEndian(c[28..]),
        UserActionCookie.ReadU16(c, 36),
        UserActionCookie.ReadU16(c, 38));
}
