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

        AppendRole(sb, request.Role, request.GenerationId ?? ulong.MaxValue);
        return OfpError.None;
    }

    /// <summary>" role=NAME", then " generation_id=N" unless the generation is all-ones (none).</summary>
    public static void AppendRole(StringBuilder sb, ControllerRole role, ulong generation)
    {
        sb.Append(" role=").Append(role switch
        {
            ControllerRole.NoChange => "nochange",
            ControllerRole.Equal => "equal",
            ControllerRole.Primary => "primary",
            _ => "secondary",
        });
        if (generation != ulong.MaxValue)
        {
            sb.Append(" generation_id=").Append(generation);
        }
    }
}
