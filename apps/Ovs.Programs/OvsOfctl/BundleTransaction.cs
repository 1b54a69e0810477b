// Upstream: lib/vconn.c, vconn_bundle_transact() with vconn_bundle_control_transact(), vconn_bundle_add_msg() and
// vconn_bundle_barrier_transact(); utilities/ovs-ofctl.c, bundle_transact() and bundle_print_errors() (OVS 3.1)
//
// --bundle: the requests go to the switch as one atomic, ordered bundle (id 0). ovs-ofctl opens it, adds each
// request, syncs with a barrier (an add the switch refused is only reported, so the commit must wait for the
// verdicts), then commits if nothing failed and discards otherwise. Every error the switch sent is printed as
// "Error NAME for: " and the request it refers to (found by xid; otherwise what the error carries), and any
// failure ends the program with "talking to SWITCH (Protocol error)".
using System.Buffers.Binary;
using System.Text;
using Ovs.Cli;
using Ovs.Common;
using Ovs.Flow.Fields;
using Ovs.Ofproto.Vconn;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.Programs.OvsOfctl;

internal static class BundleTransaction
{
    private const BundleFlags Flags = BundleFlags.Atomic | BundleFlags.Ordered;

    /// <summary>OFPUTIL_P_OF13_UP: the protocols whose versions have bundles.</summary>
    public const ProtocolSet Protocols = ProtocolSet.Of13Oxm | ProtocolSet.Of14Oxm | ProtocolSet.Of15Oxm;

    /// <summary>bundle_transact(): sends <paramref name="requests"/> as one bundle; prints errors and fails on any.</summary>
    public static void Run(OfctlVconn vconn, IReadOnlyList<byte[]> requests, OfctlContext ctx)
    {
        var errors = new List<byte[]>();
        bool ok = Transact(vconn, requests, errors);
        if (errors.Count > 0)
        {
            ctx.Out.Flush();
            Console.Error.Write(FormatErrors(errors, requests, ctx.Options.Verbosity));
            Console.Error.Flush();
        }

        if (!ok)
        {
            throw new CliException($"talking to {vconn.Name}", OvsErrno.EPROTO);
        }
    }

    /// <summary>bundle_print_errors(): each error with the request it refers to.</summary>
    public static string FormatErrors(List<byte[]> errors, IReadOnlyList<byte[]> requests, int verbosity)
    {
        var sb = new StringBuilder();
        int next = 0;
        foreach (byte[] error in errors)
        {
            OfpRawDecoder.TryDecode(error, out _, out ReadOnlySpan<byte> body, out _);
            OfpError code = OfpErrorMessage.Decode(error[0], body, out ReadOnlySpan<byte> payload);
            byte[] shown = payload.ToArray();

            // The errors come in the order of the requests, so the search goes on from the last one found.
            uint xid = Vconn.XidOf(error);
            for (int i = next; i < requests.Count; i++)
            {
                if (Vconn.XidOf(requests[i]) == xid)
                {
                    shown = requests[i];
                    next = i + 1;
                    break;
                }
            }

            sb.Append("Error ").Append(OfpErrorTable.Name(code)).Append(" for: ");
            sb.Append(OfctlVconn.ToText(shown, verbosity + 1));
        }

        return sb.ToString();
    }

    // vconn_bundle_transact(): true when the bundle committed.
    private static bool Transact(OfctlVconn vconn, IReadOnlyList<byte[]> requests, List<byte[]> errors)
    {
        if (!Control(vconn, BundleControlType.OpenRequest, errors))
        {
            return false;
        }

        foreach (byte[] request in requests)
        {
            vconn.Send(BundleAdd.Encode(vconn.Version, 0, Flags, request));
        }

        // An add the switch refused is not in the bundle; a barrier collects the verdicts before the commit.
        byte[] barrier = vconn.Encode(vconn.Version == OfpVersions.Min ? OfpRaw.Ofpt10BarrierRequest : OfpRaw.Ofpt11BarrierRequest);
        vconn.Send(barrier);
        ReceiveReply(vconn, Vconn.XidOf(barrier), errors);
        if (errors.Count > 0)
        {
            Control(vconn, BundleControlType.DiscardRequest, errors);
            return false;
        }

        return Control(vconn, BundleControlType.CommitRequest, errors);
    }

    // vconn_bundle_control_transact() with vconn_bundle_reply_validate(): true for the matching reply.
    private static bool Control(OfctlVconn vconn, BundleControlType type, List<byte[]> errors)
    {
        byte[] request = new BundleControl(0, type, Flags).Encode(vconn.Version, OfpXid.Next());
        vconn.Send(request);
        byte[] reply = ReceiveReply(vconn, Vconn.XidOf(request), errors);
        if (OfctlVconn.IsError(reply))
        {
            errors.Add(reply);
            return false;
        }

        if (OfpRawDecoder.TryDecode(reply, out OfpRawInfo? info, out ReadOnlySpan<byte> body, out _) != OfpError.None
            || info!.Raw != BundleControl.ControlRaw(vconn.Version))
        {
            return false;
        }

        BundleControl control = BundleControl.Decode(body);
        return control.BundleId == 0 && control.Type == type + 1;
    }

    // vconn_recv_xid__(): the message with xid; errors with other xids on the way are kept.
    private static byte[] ReceiveReply(OfctlVconn vconn, uint xid, List<byte[]> errors)
    {
        while (true)
        {
            byte[] message = vconn.Receive();
            if (BinaryPrimitives.ReadUInt32BigEndian(message.AsSpan(4)) == xid)
            {
                return message;
            }

            if (OfctlVconn.IsError(message))
            {
                errors.Add(message);
            }
        }
    }
}
