// Upstream: lib/ofp-connection.c, ofputil_format_role_message() (OVS 3.1)
using System.Text;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Text;

internal static class RoleFormatters
{
    public static OfpError Role(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        OfpRawDecoder.TryClassify(message, out OfpRawInfo? info, out _);
        OfpError error = RoleRequest.TryDecode(info!.Raw, body, out RoleRequest request);
        if (error != OfpError.None)
        {
            return error;
        }

        sb.Append(" role=").Append(request.Role switch
        {
            ControllerRole.NoChange => "nochange",
            ControllerRole.Equal => "equal",
            ControllerRole.Primary => "primary",
            _ => "secondary",
        });
        if (request.GenerationId is ulong generation && generation != ulong.MaxValue)
        {
            sb.Append(" generation_id=").Append(generation);
        }

        return OfpError.None;
    }
}
