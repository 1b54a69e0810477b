// Upstream: the NXCPT_TABLE_ID, NXCPT_COOKIE and NXCPT_ACTIONS handling of ofputil_put_packet_in_private() and
// ofputil_decode_packet_in_private() in lib/ofp-packet.c (OVS 3.1), as behaviour.
//
// The frozen actions of a continuation are one list in which unroll_xlate actions mark where the table and rule
// cookie change. On the wire the list is cut before each unroll_xlate: a group is preceded by a table-id property
// and a cookie property when its unroll_xlate's values differ from the previous ones (both start at 0), and its
// actions form one actions property (none when the group is empty). Reading turns each actions property back into
// an unroll_xlate with the table and cookie in effect, followed by the actions.
using System.Buffers;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal static class ContinuationActions
{
    /// <summary>Appends the table-id, cookie and actions properties of <paramref name="actions"/> for version.</summary>
    public static void Put(IBufferWriter<byte> writer, IReadOnlyList<OfpAct> actions, byte version)
    {
        byte tableId = 0;
        ulong cookie = 0;
        var group = new List<OfpAct>();
        for (int i = 0; i <= actions.Count; i++)
        {
            if (i < actions.Count && actions[i] is not UnrollXlateAct)
            {
                group.Add(actions[i]);
                continue;
            }

            PutGroup(writer, group, version);
            group.Clear();
            if (i < actions.Count && actions[i] is UnrollXlateAct unroll)
            {
                if (unroll.TableId != tableId)
                {
                    OfpProperty.PutU8(writer, PacketIn.ContTableId, unroll.TableId);
                    tableId = unroll.TableId;
                }

                if (unroll.Cookie != cookie)
                {
                    OfpProperty.PutU64(writer, PacketIn.ContCookie, unroll.Cookie);
                    cookie = unroll.Cookie;
                }
            }
        }
    }

    private static void PutGroup(IBufferWriter<byte> writer, List<OfpAct> group, byte version)
    {
        if (group.Count == 0)
        {
            return;
        }

        var body = new ArrayBufferWriter<byte>(64);
        body.Write((ReadOnlySpan<byte>)[0, 0, 0, 0]);
        OfpActions.EncodeActions(group, version, body);
        OfpProperty.Put(writer, PacketIn.ContActions, body.WrittenSpan);
    }

    /// <summary>
    /// Reads the frozen actions out of a continuation's nested properties (<paramref name="continuation"/>, as
    /// PacketInView.Continuation holds them): unroll_xlate actions and the actions of each group, in order.
    /// </summary>
    public static OfpError Read(ReadOnlySpan<byte> continuation, byte version, OfpWarningSink? warn, out List<OfpAct> actions)
    {
        actions = [];
        byte tableId = 0;
        ulong cookie = 0;
        while (!continuation.IsEmpty)
        {
            OfpError error = OfpProperty.TryPull(ref continuation, out ulong type, out ReadOnlySpan<byte> payload);
            if (error != OfpError.None)
            {
                return error;
            }

            switch (type)
            {
                case PacketIn.ContTableId:
                    error = OfpProperty.ParseU8(payload, out tableId);
                    break;
                case PacketIn.ContCookie:
                    error = OfpProperty.ParseU64(payload, out cookie);
                    break;
                case PacketIn.ContActions:
                    if (payload.Length < 4)
                    {
                        return OfpError.OfpbpcBadLen;
                    }

                    actions.Add(new UnrollXlateAct(tableId, cookie));
                    error = OfpActions.DecodeActions(payload[4..], version, out List<OfpAct> group, warn);
                    actions.AddRange(group);
                    break;
            }

            if (error != OfpError.None)
            {
                actions = [];
                return error;
            }
        }

        return OfpError.None;
    }
}
