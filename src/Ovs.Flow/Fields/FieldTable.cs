// Upstream: the field descriptions in include/openvswitch/meta-flow.h and ovs-fields(7) (OVS 3.1).
// The one declaration of every meta-flow field: name and alias, width in bits (and how many low bits may be
// nonzero), text format, maskability, prerequisites, writability, OpenFlow 1.0/1.1 support and the NXM/OXM
// headers that carry it. Rows follow ovs-fields(7); the few fields that page does not describe (dp_hash,
// recirc_id, tun_ttl, tun_tos, dl_vlan, dl_vlan_pcp) were checked against ovs-ofctl's behaviour.
//
// Each row's header list is sorted by the OpenFlow version that introduced the header (0 for the Nicira and
// other extension classes, which every version accepts), standard OXM headers before extension headers of the
// same version: Header(version) picks the last header not newer than the version, as upstream does, so NXM
// output prefers the legacy NXM header and OXM output the newest standard one.
using System.Collections.Frozen;

namespace Ovs.Flow.Fields;

internal static class FieldTable
{
    private static readonly FieldInfo[] s_fields =
    [
        F(FieldId.DpHash, "dp_hash", null, 32, 32, FieldFormat.Hexadecimal, true, FieldPrereq.None, false, OfSupport.None, OfSupport.None, false, [H("NXOXM_ET_DP_HASH", 0xffff, 0, 0x00002320, 0), H("NXM_NX_DP_HASH", 0x0001, 35, 0x00000000, 0)]),
        F(FieldId.RecircId, "recirc_id", null, 32, 32, FieldFormat.Decimal, false, FieldPrereq.None, false, OfSupport.None, OfSupport.None, false, [H("NXM_NX_RECIRC_ID", 0x0001, 36, 0x00000000, 0)]),
        F(FieldId.PacketType, "packet_type", null, 32, 32, FieldFormat.PacketType, false, FieldPrereq.None, false, OfSupport.None, OfSupport.None, false, [H("OXM_OF_PACKET_TYPE", 0x8000, 44, 0x00000000, 6)]),
        F(FieldId.ConjId, "conj_id", null, 32, 32, FieldFormat.Decimal, false, FieldPrereq.None, false, OfSupport.None, OfSupport.None, false, [H("NXM_NX_CONJ_ID", 0x0001, 37, 0x00000000, 0)]),
        F(FieldId.TunId, "tun_id", "tunnel_id", 64, 64, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_TUN_ID", 0x0001, 16, 0x00000000, 0), H("OXM_OF_TUNNEL_ID", 0x8000, 38, 0x00000000, 4)]),
        F(FieldId.TunSrc, "tun_src", null, 32, 32, FieldFormat.Ipv4, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_TUN_IPV4_SRC", 0x0001, 31, 0x00000000, 0)]),
        F(FieldId.TunDst, "tun_dst", null, 32, 32, FieldFormat.Ipv4, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_TUN_IPV4_DST", 0x0001, 32, 0x00000000, 0)]),
        F(FieldId.TunIpv6Src, "tun_ipv6_src", null, 128, 128, FieldFormat.Ipv6, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_TUN_IPV6_SRC", 0x0001, 109, 0x00000000, 0)]),
        F(FieldId.TunIpv6Dst, "tun_ipv6_dst", null, 128, 128, FieldFormat.Ipv6, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_TUN_IPV6_DST", 0x0001, 110, 0x00000000, 0)]),
        F(FieldId.TunFlags, "tun_flags", null, 16, 1, FieldFormat.TunnelFlags, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_TUN_FLAGS", 0x0001, 104, 0x00000000, 0)]),
        F(FieldId.TunTtl, "tun_ttl", null, 8, 8, FieldFormat.Decimal, false, FieldPrereq.None, false, OfSupport.None, OfSupport.None, false, []),
        F(FieldId.TunTos, "tun_tos", null, 8, 8, FieldFormat.Decimal, false, FieldPrereq.None, false, OfSupport.None, OfSupport.None, false, []),
        F(FieldId.TunGbpId, "tun_gbp_id", null, 16, 16, FieldFormat.Decimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_TUN_GBP_ID", 0x0001, 38, 0x00000000, 0)]),
        F(FieldId.TunGbpFlags, "tun_gbp_flags", null, 8, 8, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_TUN_GBP_FLAGS", 0x0001, 39, 0x00000000, 0)]),
        F(FieldId.TunErspanIdx, "tun_erspan_idx", null, 32, 20, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXOXM_ET_ERSPAN_IDX", 0xffff, 11, 0x00002320, 0)]),
        F(FieldId.TunErspanVer, "tun_erspan_ver", null, 8, 4, FieldFormat.Decimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXOXM_ET_ERSPAN_VER", 0xffff, 12, 0x00002320, 0)]),
        F(FieldId.TunErspanDir, "tun_erspan_dir", null, 8, 1, FieldFormat.Decimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXOXM_ET_ERSPAN_DIR", 0xffff, 13, 0x00002320, 0)]),
        F(FieldId.TunErspanHwid, "tun_erspan_hwid", null, 8, 6, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXOXM_ET_ERSPAN_HWID", 0xffff, 14, 0x00002320, 0)]),
        F(FieldId.TunGtpuFlags, "tun_gtpu_flags", null, 8, 8, FieldFormat.Hexadecimal, true, FieldPrereq.None, false, OfSupport.None, OfSupport.None, false, [H("NXOXM_ET_GTPU_FLAGS", 0xffff, 15, 0x00002320, 0)]),
        F(FieldId.TunGtpuMsgtype, "tun_gtpu_msgtype", null, 8, 8, FieldFormat.Decimal, true, FieldPrereq.None, false, OfSupport.None, OfSupport.None, false, [H("NXOXM_ET_GTPU_MSGTYPE", 0xffff, 16, 0x00002320, 0)]),
        F(FieldId.TunMetadata0, "tun_metadata0", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA0", 0x0001, 40, 0x00000000, 0)]),
        F(FieldId.TunMetadata1, "tun_metadata1", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA1", 0x0001, 41, 0x00000000, 0)]),
        F(FieldId.TunMetadata2, "tun_metadata2", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA2", 0x0001, 42, 0x00000000, 0)]),
        F(FieldId.TunMetadata3, "tun_metadata3", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA3", 0x0001, 43, 0x00000000, 0)]),
        F(FieldId.TunMetadata4, "tun_metadata4", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA4", 0x0001, 44, 0x00000000, 0)]),
        F(FieldId.TunMetadata5, "tun_metadata5", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA5", 0x0001, 45, 0x00000000, 0)]),
        F(FieldId.TunMetadata6, "tun_metadata6", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA6", 0x0001, 46, 0x00000000, 0)]),
        F(FieldId.TunMetadata7, "tun_metadata7", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA7", 0x0001, 47, 0x00000000, 0)]),
        F(FieldId.TunMetadata8, "tun_metadata8", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA8", 0x0001, 48, 0x00000000, 0)]),
        F(FieldId.TunMetadata9, "tun_metadata9", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA9", 0x0001, 49, 0x00000000, 0)]),
        F(FieldId.TunMetadata10, "tun_metadata10", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA10", 0x0001, 50, 0x00000000, 0)]),
        F(FieldId.TunMetadata11, "tun_metadata11", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA11", 0x0001, 51, 0x00000000, 0)]),
        F(FieldId.TunMetadata12, "tun_metadata12", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA12", 0x0001, 52, 0x00000000, 0)]),
        F(FieldId.TunMetadata13, "tun_metadata13", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA13", 0x0001, 53, 0x00000000, 0)]),
        F(FieldId.TunMetadata14, "tun_metadata14", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA14", 0x0001, 54, 0x00000000, 0)]),
        F(FieldId.TunMetadata15, "tun_metadata15", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA15", 0x0001, 55, 0x00000000, 0)]),
        F(FieldId.TunMetadata16, "tun_metadata16", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA16", 0x0001, 56, 0x00000000, 0)]),
        F(FieldId.TunMetadata17, "tun_metadata17", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA17", 0x0001, 57, 0x00000000, 0)]),
        F(FieldId.TunMetadata18, "tun_metadata18", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA18", 0x0001, 58, 0x00000000, 0)]),
        F(FieldId.TunMetadata19, "tun_metadata19", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA19", 0x0001, 59, 0x00000000, 0)]),
        F(FieldId.TunMetadata20, "tun_metadata20", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA20", 0x0001, 60, 0x00000000, 0)]),
        F(FieldId.TunMetadata21, "tun_metadata21", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA21", 0x0001, 61, 0x00000000, 0)]),
        F(FieldId.TunMetadata22, "tun_metadata22", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA22", 0x0001, 62, 0x00000000, 0)]),
        F(FieldId.TunMetadata23, "tun_metadata23", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA23", 0x0001, 63, 0x00000000, 0)]),
        F(FieldId.TunMetadata24, "tun_metadata24", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA24", 0x0001, 64, 0x00000000, 0)]),
        F(FieldId.TunMetadata25, "tun_metadata25", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA25", 0x0001, 65, 0x00000000, 0)]),
        F(FieldId.TunMetadata26, "tun_metadata26", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA26", 0x0001, 66, 0x00000000, 0)]),
        F(FieldId.TunMetadata27, "tun_metadata27", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA27", 0x0001, 67, 0x00000000, 0)]),
        F(FieldId.TunMetadata28, "tun_metadata28", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA28", 0x0001, 68, 0x00000000, 0)]),
        F(FieldId.TunMetadata29, "tun_metadata29", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA29", 0x0001, 69, 0x00000000, 0)]),
        F(FieldId.TunMetadata30, "tun_metadata30", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA30", 0x0001, 70, 0x00000000, 0)]),
        F(FieldId.TunMetadata31, "tun_metadata31", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA31", 0x0001, 71, 0x00000000, 0)]),
        F(FieldId.TunMetadata32, "tun_metadata32", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA32", 0x0001, 72, 0x00000000, 0)]),
        F(FieldId.TunMetadata33, "tun_metadata33", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA33", 0x0001, 73, 0x00000000, 0)]),
        F(FieldId.TunMetadata34, "tun_metadata34", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA34", 0x0001, 74, 0x00000000, 0)]),
        F(FieldId.TunMetadata35, "tun_metadata35", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA35", 0x0001, 75, 0x00000000, 0)]),
        F(FieldId.TunMetadata36, "tun_metadata36", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA36", 0x0001, 76, 0x00000000, 0)]),
        F(FieldId.TunMetadata37, "tun_metadata37", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA37", 0x0001, 77, 0x00000000, 0)]),
        F(FieldId.TunMetadata38, "tun_metadata38", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA38", 0x0001, 78, 0x00000000, 0)]),
        F(FieldId.TunMetadata39, "tun_metadata39", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA39", 0x0001, 79, 0x00000000, 0)]),
        F(FieldId.TunMetadata40, "tun_metadata40", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA40", 0x0001, 80, 0x00000000, 0)]),
        F(FieldId.TunMetadata41, "tun_metadata41", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA41", 0x0001, 81, 0x00000000, 0)]),
        F(FieldId.TunMetadata42, "tun_metadata42", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA42", 0x0001, 82, 0x00000000, 0)]),
        F(FieldId.TunMetadata43, "tun_metadata43", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA43", 0x0001, 83, 0x00000000, 0)]),
        F(FieldId.TunMetadata44, "tun_metadata44", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA44", 0x0001, 84, 0x00000000, 0)]),
        F(FieldId.TunMetadata45, "tun_metadata45", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA45", 0x0001, 85, 0x00000000, 0)]),
        F(FieldId.TunMetadata46, "tun_metadata46", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA46", 0x0001, 86, 0x00000000, 0)]),
        F(FieldId.TunMetadata47, "tun_metadata47", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA47", 0x0001, 87, 0x00000000, 0)]),
        F(FieldId.TunMetadata48, "tun_metadata48", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA48", 0x0001, 88, 0x00000000, 0)]),
        F(FieldId.TunMetadata49, "tun_metadata49", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA49", 0x0001, 89, 0x00000000, 0)]),
        F(FieldId.TunMetadata50, "tun_metadata50", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA50", 0x0001, 90, 0x00000000, 0)]),
        F(FieldId.TunMetadata51, "tun_metadata51", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA51", 0x0001, 91, 0x00000000, 0)]),
        F(FieldId.TunMetadata52, "tun_metadata52", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA52", 0x0001, 92, 0x00000000, 0)]),
        F(FieldId.TunMetadata53, "tun_metadata53", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA53", 0x0001, 93, 0x00000000, 0)]),
        F(FieldId.TunMetadata54, "tun_metadata54", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA54", 0x0001, 94, 0x00000000, 0)]),
        F(FieldId.TunMetadata55, "tun_metadata55", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA55", 0x0001, 95, 0x00000000, 0)]),
        F(FieldId.TunMetadata56, "tun_metadata56", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA56", 0x0001, 96, 0x00000000, 0)]),
        F(FieldId.TunMetadata57, "tun_metadata57", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA57", 0x0001, 97, 0x00000000, 0)]),
        F(FieldId.TunMetadata58, "tun_metadata58", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA58", 0x0001, 98, 0x00000000, 0)]),
        F(FieldId.TunMetadata59, "tun_metadata59", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA59", 0x0001, 99, 0x00000000, 0)]),
        F(FieldId.TunMetadata60, "tun_metadata60", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA60", 0x0001, 100, 0x00000000, 0)]),
        F(FieldId.TunMetadata61, "tun_metadata61", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA61", 0x0001, 101, 0x00000000, 0)]),
        F(FieldId.TunMetadata62, "tun_metadata62", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA62", 0x0001, 102, 0x00000000, 0)]),
        F(FieldId.TunMetadata63, "tun_metadata63", null, 992, 992, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, true, [H("NXM_NX_TUN_METADATA63", 0x0001, 103, 0x00000000, 0)]),
        F(FieldId.Metadata, "metadata", null, 64, 64, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.Yes, false, [H("OXM_OF_METADATA", 0x8000, 2, 0x00000000, 3)]),
        F(FieldId.InPort, "in_port", null, 16, 16, FieldFormat.OfpPort, false, FieldPrereq.None, true, OfSupport.Exact, OfSupport.Exact, false, [H("NXM_OF_IN_PORT", 0x0000, 0, 0x00000000, 0)]),
        F(FieldId.InPortOxm, "in_port_oxm", null, 32, 32, FieldFormat.Ofp11Port, false, FieldPrereq.None, true, OfSupport.None, OfSupport.Exact, false, [H("OXM_OF_IN_PORT", 0x8000, 0, 0x00000000, 3)]),
        F(FieldId.ActsetOutput, "actset_output", null, 32, 32, FieldFormat.Ofp11Port, false, FieldPrereq.None, false, OfSupport.None, OfSupport.None, false, [H("ONFOXM_ET_ACTSET_OUTPUT", 0xffff, 43, 0x4f4e4600, 4), H("OXM_OF_ACTSET_OUTPUT", 0x8000, 43, 0x00000000, 6)]),
        F(FieldId.SkbPriority, "skb_priority", null, 32, 32, FieldFormat.Hexadecimal, false, FieldPrereq.None, false, OfSupport.None, OfSupport.None, false, []),
        F(FieldId.PktMark, "pkt_mark", null, 32, 32, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_PKT_MARK", 0x0001, 33, 0x00000000, 0)]),
        F(FieldId.CtState, "ct_state", null, 32, 32, FieldFormat.CtState, true, FieldPrereq.None, false, OfSupport.None, OfSupport.None, false, [H("NXM_NX_CT_STATE", 0x0001, 105, 0x00000000, 0)]),
        F(FieldId.CtZone, "ct_zone", null, 16, 16, FieldFormat.Hexadecimal, false, FieldPrereq.None, false, OfSupport.None, OfSupport.None, false, [H("NXM_NX_CT_ZONE", 0x0001, 106, 0x00000000, 0)]),
        F(FieldId.CtMark, "ct_mark", null, 32, 32, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_CT_MARK", 0x0001, 107, 0x00000000, 0)]),
        F(FieldId.CtLabel, "ct_label", null, 128, 128, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_CT_LABEL", 0x0001, 108, 0x00000000, 0)]),
        F(FieldId.CtNwProto, "ct_nw_proto", null, 8, 8, FieldFormat.Decimal, false, FieldPrereq.Ct, false, OfSupport.None, OfSupport.None, false, [H("NXM_NX_CT_NW_PROTO", 0x0001, 119, 0x00000000, 0)]),
        F(FieldId.CtNwSrc, "ct_nw_src", null, 32, 32, FieldFormat.Ipv4, true, FieldPrereq.Ct, false, OfSupport.None, OfSupport.None, false, [H("NXM_NX_CT_NW_SRC", 0x0001, 120, 0x00000000, 0)]),
        F(FieldId.CtNwDst, "ct_nw_dst", null, 32, 32, FieldFormat.Ipv4, true, FieldPrereq.Ct, false, OfSupport.None, OfSupport.None, false, [H("NXM_NX_CT_NW_DST", 0x0001, 121, 0x00000000, 0)]),
        F(FieldId.CtIpv6Src, "ct_ipv6_src", null, 128, 128, FieldFormat.Ipv6, true, FieldPrereq.Ct, false, OfSupport.None, OfSupport.None, false, [H("NXM_NX_CT_IPV6_SRC", 0x0001, 122, 0x00000000, 0)]),
        F(FieldId.CtIpv6Dst, "ct_ipv6_dst", null, 128, 128, FieldFormat.Ipv6, true, FieldPrereq.Ct, false, OfSupport.None, OfSupport.None, false, [H("NXM_NX_CT_IPV6_DST", 0x0001, 123, 0x00000000, 0)]),
        F(FieldId.CtTpSrc, "ct_tp_src", null, 16, 16, FieldFormat.Decimal, true, FieldPrereq.Ct, false, OfSupport.None, OfSupport.None, false, [H("NXM_NX_CT_TP_SRC", 0x0001, 124, 0x00000000, 0)]),
        F(FieldId.CtTpDst, "ct_tp_dst", null, 16, 16, FieldFormat.Decimal, true, FieldPrereq.Ct, false, OfSupport.None, OfSupport.None, false, [H("NXM_NX_CT_TP_DST", 0x0001, 125, 0x00000000, 0)]),
        F(FieldId.Reg0, "reg0", null, 32, 32, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_REG0", 0x0001, 0, 0x00000000, 0)]),
        F(FieldId.Reg1, "reg1", null, 32, 32, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_REG1", 0x0001, 1, 0x00000000, 0)]),
        F(FieldId.Reg2, "reg2", null, 32, 32, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_REG2", 0x0001, 2, 0x00000000, 0)]),
        F(FieldId.Reg3, "reg3", null, 32, 32, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_REG3", 0x0001, 3, 0x00000000, 0)]),
        F(FieldId.Reg4, "reg4", null, 32, 32, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_REG4", 0x0001, 4, 0x00000000, 0)]),
        F(FieldId.Reg5, "reg5", null, 32, 32, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_REG5", 0x0001, 5, 0x00000000, 0)]),
        F(FieldId.Reg6, "reg6", null, 32, 32, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_REG6", 0x0001, 6, 0x00000000, 0)]),
        F(FieldId.Reg7, "reg7", null, 32, 32, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_REG7", 0x0001, 7, 0x00000000, 0)]),
        F(FieldId.Reg8, "reg8", null, 32, 32, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_REG8", 0x0001, 8, 0x00000000, 0)]),
        F(FieldId.Reg9, "reg9", null, 32, 32, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_REG9", 0x0001, 9, 0x00000000, 0)]),
        F(FieldId.Reg10, "reg10", null, 32, 32, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_REG10", 0x0001, 10, 0x00000000, 0)]),
        F(FieldId.Reg11, "reg11", null, 32, 32, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_REG11", 0x0001, 11, 0x00000000, 0)]),
        F(FieldId.Reg12, "reg12", null, 32, 32, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_REG12", 0x0001, 12, 0x00000000, 0)]),
        F(FieldId.Reg13, "reg13", null, 32, 32, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_REG13", 0x0001, 13, 0x00000000, 0)]),
        F(FieldId.Reg14, "reg14", null, 32, 32, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_REG14", 0x0001, 14, 0x00000000, 0)]),
        F(FieldId.Reg15, "reg15", null, 32, 32, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_REG15", 0x0001, 15, 0x00000000, 0)]),
        F(FieldId.Xreg0, "xreg0", null, 64, 64, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("OXM_OF_PKT_REG0", 0x8001, 0, 0x00000000, 4)]),
        F(FieldId.Xreg1, "xreg1", null, 64, 64, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("OXM_OF_PKT_REG1", 0x8001, 1, 0x00000000, 4)]),
        F(FieldId.Xreg2, "xreg2", null, 64, 64, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("OXM_OF_PKT_REG2", 0x8001, 2, 0x00000000, 4)]),
        F(FieldId.Xreg3, "xreg3", null, 64, 64, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("OXM_OF_PKT_REG3", 0x8001, 3, 0x00000000, 4)]),
        F(FieldId.Xreg4, "xreg4", null, 64, 64, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("OXM_OF_PKT_REG4", 0x8001, 4, 0x00000000, 4)]),
        F(FieldId.Xreg5, "xreg5", null, 64, 64, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("OXM_OF_PKT_REG5", 0x8001, 5, 0x00000000, 4)]),
        F(FieldId.Xreg6, "xreg6", null, 64, 64, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("OXM_OF_PKT_REG6", 0x8001, 6, 0x00000000, 4)]),
        F(FieldId.Xreg7, "xreg7", null, 64, 64, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("OXM_OF_PKT_REG7", 0x8001, 7, 0x00000000, 4)]),
        F(FieldId.Xxreg0, "xxreg0", null, 128, 128, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_XXREG0", 0x0001, 111, 0x00000000, 0)]),
        F(FieldId.Xxreg1, "xxreg1", null, 128, 128, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_XXREG1", 0x0001, 112, 0x00000000, 0)]),
        F(FieldId.Xxreg2, "xxreg2", null, 128, 128, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_XXREG2", 0x0001, 113, 0x00000000, 0)]),
        F(FieldId.Xxreg3, "xxreg3", null, 128, 128, FieldFormat.Hexadecimal, true, FieldPrereq.None, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_XXREG3", 0x0001, 114, 0x00000000, 0)]),
        F(FieldId.EthSrc, "eth_src", "dl_src", 48, 48, FieldFormat.Ethernet, true, FieldPrereq.Ethernet, true, OfSupport.Exact, OfSupport.Yes, false, [H("NXM_OF_ETH_SRC", 0x0000, 2, 0x00000000, 0), H("OXM_OF_ETH_SRC", 0x8000, 4, 0x00000000, 3)]),
        F(FieldId.EthDst, "eth_dst", "dl_dst", 48, 48, FieldFormat.Ethernet, true, FieldPrereq.Ethernet, true, OfSupport.Exact, OfSupport.Yes, false, [H("NXM_OF_ETH_DST", 0x0000, 1, 0x00000000, 0), H("OXM_OF_ETH_DST", 0x8000, 3, 0x00000000, 3)]),
        F(FieldId.EthType, "eth_type", "dl_type", 16, 16, FieldFormat.Hexadecimal, false, FieldPrereq.Ethernet, false, OfSupport.Exact, OfSupport.Exact, false, [H("NXM_OF_ETH_TYPE", 0x0000, 3, 0x00000000, 0), H("OXM_OF_ETH_TYPE", 0x8000, 5, 0x00000000, 3)]),
        F(FieldId.VlanTci, "vlan_tci", null, 16, 16, FieldFormat.Hexadecimal, true, FieldPrereq.Ethernet, true, OfSupport.Exact, OfSupport.Exact, false, [H("NXM_OF_VLAN_TCI", 0x0000, 4, 0x00000000, 0)]),
        F(FieldId.DlVlan, "dl_vlan", null, 16, 12, FieldFormat.Decimal, false, FieldPrereq.Ethernet, true, OfSupport.Exact, OfSupport.Exact, false, []),
        F(FieldId.VlanVid, "vlan_vid", null, 16, 12, FieldFormat.Decimal, true, FieldPrereq.Ethernet, true, OfSupport.Exact, OfSupport.Exact, false, [H("OXM_OF_VLAN_VID", 0x8000, 6, 0x00000000, 3)]),
        F(FieldId.DlVlanPcp, "dl_vlan_pcp", null, 8, 3, FieldFormat.Decimal, false, FieldPrereq.Ethernet, true, OfSupport.Exact, OfSupport.Exact, false, []),
        F(FieldId.VlanPcp, "vlan_pcp", null, 8, 3, FieldFormat.Decimal, false, FieldPrereq.VlanVid, true, OfSupport.Exact, OfSupport.Exact, false, [H("OXM_OF_VLAN_PCP", 0x8000, 7, 0x00000000, 3)]),
        F(FieldId.MplsLabel, "mpls_label", null, 32, 20, FieldFormat.Decimal, false, FieldPrereq.Mpls, true, OfSupport.None, OfSupport.Exact, false, [H("OXM_OF_MPLS_LABEL", 0x8000, 34, 0x00000000, 3)]),
        F(FieldId.MplsTc, "mpls_tc", null, 8, 3, FieldFormat.Decimal, false, FieldPrereq.Mpls, true, OfSupport.None, OfSupport.Exact, false, [H("OXM_OF_MPLS_TC", 0x8000, 35, 0x00000000, 3)]),
        F(FieldId.MplsBos, "mpls_bos", null, 8, 1, FieldFormat.Decimal, false, FieldPrereq.Mpls, false, OfSupport.None, OfSupport.None, false, [H("OXM_OF_MPLS_BOS", 0x8000, 36, 0x00000000, 4)]),
        F(FieldId.MplsTtl, "mpls_ttl", null, 8, 8, FieldFormat.Decimal, false, FieldPrereq.Mpls, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_MPLS_TTL", 0x0001, 30, 0x00000000, 0)]),
        F(FieldId.Ipv4Src, "ip_src", "nw_src", 32, 32, FieldFormat.Ipv4, true, FieldPrereq.Ipv4, true, OfSupport.Cidr, OfSupport.Yes, false, [H("NXM_OF_IP_SRC", 0x0000, 7, 0x00000000, 0), H("OXM_OF_IPV4_SRC", 0x8000, 11, 0x00000000, 3)]),
        F(FieldId.Ipv4Dst, "ip_dst", "nw_dst", 32, 32, FieldFormat.Ipv4, true, FieldPrereq.Ipv4, true, OfSupport.Cidr, OfSupport.Yes, false, [H("NXM_OF_IP_DST", 0x0000, 8, 0x00000000, 0), H("OXM_OF_IPV4_DST", 0x8000, 12, 0x00000000, 3)]),
        F(FieldId.Ipv6Src, "ipv6_src", null, 128, 128, FieldFormat.Ipv6, true, FieldPrereq.Ipv6, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_IPV6_SRC", 0x0001, 19, 0x00000000, 0), H("OXM_OF_IPV6_SRC", 0x8000, 26, 0x00000000, 3)]),
        F(FieldId.Ipv6Dst, "ipv6_dst", null, 128, 128, FieldFormat.Ipv6, true, FieldPrereq.Ipv6, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_IPV6_DST", 0x0001, 20, 0x00000000, 0), H("OXM_OF_IPV6_DST", 0x8000, 27, 0x00000000, 3)]),
        F(FieldId.Ipv6Label, "ipv6_label", null, 32, 20, FieldFormat.Hexadecimal, true, FieldPrereq.Ipv6, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_IPV6_LABEL", 0x0001, 27, 0x00000000, 0), H("OXM_OF_IPV6_FLABEL", 0x8000, 28, 0x00000000, 3)]),
        F(FieldId.IpProto, "nw_proto", "ip_proto", 8, 8, FieldFormat.Decimal, false, FieldPrereq.Ip, false, OfSupport.Exact, OfSupport.Exact, false, [H("NXM_OF_IP_PROTO", 0x0000, 6, 0x00000000, 0), H("OXM_OF_IP_PROTO", 0x8000, 10, 0x00000000, 3)]),
        F(FieldId.IpDscp, "nw_tos", null, 8, 8, FieldFormat.Decimal, false, FieldPrereq.Ip, true, OfSupport.Exact, OfSupport.Exact, false, [H("NXM_OF_IP_TOS", 0x0000, 5, 0x00000000, 0)]),
        F(FieldId.IpDscpShifted, "ip_dscp", null, 8, 6, FieldFormat.Decimal, false, FieldPrereq.Ip, true, OfSupport.Exact, OfSupport.Exact, false, [H("OXM_OF_IP_DSCP", 0x8000, 8, 0x00000000, 3)]),
        F(FieldId.IpEcn, "nw_ecn", "ip_ecn", 8, 2, FieldFormat.Decimal, false, FieldPrereq.Ip, true, OfSupport.None, OfSupport.Exact, false, [H("NXM_NX_IP_ECN", 0x0001, 28, 0x00000000, 0), H("OXM_OF_IP_ECN", 0x8000, 9, 0x00000000, 3)]),
        F(FieldId.IpTtl, "nw_ttl", null, 8, 8, FieldFormat.Decimal, false, FieldPrereq.Ip, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_IP_TTL", 0x0001, 29, 0x00000000, 0)]),
        F(FieldId.IpFrag, "ip_frag", "nw_frag", 8, 2, FieldFormat.Frag, true, FieldPrereq.Ip, false, OfSupport.None, OfSupport.None, false, [H("NXM_NX_IP_FRAG", 0x0001, 26, 0x00000000, 0)]),
        F(FieldId.ArpOp, "arp_op", null, 16, 16, FieldFormat.Decimal, false, FieldPrereq.Arp, true, OfSupport.Exact, OfSupport.Exact, false, [H("NXM_OF_ARP_OP", 0x0000, 15, 0x00000000, 0), H("OXM_OF_ARP_OP", 0x8000, 21, 0x00000000, 3)]),
        F(FieldId.ArpSpa, "arp_spa", null, 32, 32, FieldFormat.Ipv4, true, FieldPrereq.Arp, true, OfSupport.Cidr, OfSupport.Yes, false, [H("NXM_OF_ARP_SPA", 0x0000, 16, 0x00000000, 0), H("OXM_OF_ARP_SPA", 0x8000, 22, 0x00000000, 3)]),
        F(FieldId.ArpTpa, "arp_tpa", null, 32, 32, FieldFormat.Ipv4, true, FieldPrereq.Arp, true, OfSupport.Cidr, OfSupport.Yes, false, [H("NXM_OF_ARP_TPA", 0x0000, 17, 0x00000000, 0), H("OXM_OF_ARP_TPA", 0x8000, 23, 0x00000000, 3)]),
        F(FieldId.ArpSha, "arp_sha", null, 48, 48, FieldFormat.Ethernet, true, FieldPrereq.Arp, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_ARP_SHA", 0x0001, 17, 0x00000000, 0), H("OXM_OF_ARP_SHA", 0x8000, 24, 0x00000000, 3)]),
        F(FieldId.ArpTha, "arp_tha", null, 48, 48, FieldFormat.Ethernet, true, FieldPrereq.Arp, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_ARP_THA", 0x0001, 18, 0x00000000, 0), H("OXM_OF_ARP_THA", 0x8000, 25, 0x00000000, 3)]),
        F(FieldId.TcpSrc, "tcp_src", "tp_src", 16, 16, FieldFormat.Decimal, true, FieldPrereq.Tcp, true, OfSupport.Exact, OfSupport.Exact, false, [H("NXM_OF_TCP_SRC", 0x0000, 9, 0x00000000, 0), H("OXM_OF_TCP_SRC", 0x8000, 13, 0x00000000, 3)]),
        F(FieldId.TcpDst, "tcp_dst", "tp_dst", 16, 16, FieldFormat.Decimal, true, FieldPrereq.Tcp, true, OfSupport.Exact, OfSupport.Exact, false, [H("NXM_OF_TCP_DST", 0x0000, 10, 0x00000000, 0), H("OXM_OF_TCP_DST", 0x8000, 14, 0x00000000, 3)]),
        F(FieldId.TcpFlags, "tcp_flags", null, 16, 12, FieldFormat.TcpFlags, true, FieldPrereq.Tcp, false, OfSupport.None, OfSupport.None, false, [H("NXM_NX_TCP_FLAGS", 0x0001, 34, 0x00000000, 0), H("ONFOXM_ET_TCP_FLAGS", 0xffff, 42, 0x4f4e4600, 4), H("OXM_OF_TCP_FLAGS", 0x8000, 42, 0x00000000, 6)]),
        F(FieldId.UdpSrc, "udp_src", null, 16, 16, FieldFormat.Decimal, true, FieldPrereq.Udp, true, OfSupport.Exact, OfSupport.Exact, false, [H("NXM_OF_UDP_SRC", 0x0000, 11, 0x00000000, 0), H("OXM_OF_UDP_SRC", 0x8000, 15, 0x00000000, 3)]),
        F(FieldId.UdpDst, "udp_dst", null, 16, 16, FieldFormat.Decimal, true, FieldPrereq.Udp, true, OfSupport.Exact, OfSupport.Exact, false, [H("NXM_OF_UDP_DST", 0x0000, 12, 0x00000000, 0), H("OXM_OF_UDP_DST", 0x8000, 16, 0x00000000, 3)]),
        F(FieldId.SctpSrc, "sctp_src", null, 16, 16, FieldFormat.Decimal, true, FieldPrereq.Sctp, true, OfSupport.None, OfSupport.Exact, false, [H("OXM_OF_SCTP_SRC", 0x8000, 17, 0x00000000, 3)]),
        F(FieldId.SctpDst, "sctp_dst", null, 16, 16, FieldFormat.Decimal, true, FieldPrereq.Sctp, true, OfSupport.None, OfSupport.Exact, false, [H("OXM_OF_SCTP_DST", 0x8000, 18, 0x00000000, 3)]),
        F(FieldId.Icmpv4Type, "icmp_type", null, 8, 8, FieldFormat.Decimal, false, FieldPrereq.Icmpv4, true, OfSupport.Exact, OfSupport.Exact, false, [H("NXM_OF_ICMP_TYPE", 0x0000, 13, 0x00000000, 0), H("OXM_OF_ICMPV4_TYPE", 0x8000, 19, 0x00000000, 3)]),
        F(FieldId.Icmpv4Code, "icmp_code", null, 8, 8, FieldFormat.Decimal, false, FieldPrereq.Icmpv4, true, OfSupport.Exact, OfSupport.Exact, false, [H("NXM_OF_ICMP_CODE", 0x0000, 14, 0x00000000, 0), H("OXM_OF_ICMPV4_CODE", 0x8000, 20, 0x00000000, 3)]),
        F(FieldId.Icmpv6Type, "icmpv6_type", null, 8, 8, FieldFormat.Decimal, false, FieldPrereq.Icmpv6, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_ICMPV6_TYPE", 0x0001, 21, 0x00000000, 0), H("OXM_OF_ICMPV6_TYPE", 0x8000, 29, 0x00000000, 3)]),
        F(FieldId.Icmpv6Code, "icmpv6_code", null, 8, 8, FieldFormat.Decimal, false, FieldPrereq.Icmpv6, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_ICMPV6_CODE", 0x0001, 22, 0x00000000, 0), H("OXM_OF_ICMPV6_CODE", 0x8000, 30, 0x00000000, 3)]),
        F(FieldId.NdTarget, "nd_target", null, 128, 128, FieldFormat.Ipv6, true, FieldPrereq.Nd, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_ND_TARGET", 0x0001, 23, 0x00000000, 0), H("OXM_OF_IPV6_ND_TARGET", 0x8000, 31, 0x00000000, 3)]),
        F(FieldId.NdSll, "nd_sll", null, 48, 48, FieldFormat.Ethernet, true, FieldPrereq.NdSolicit, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_ND_SLL", 0x0001, 24, 0x00000000, 0), H("OXM_OF_IPV6_ND_SLL", 0x8000, 32, 0x00000000, 3)]),
        F(FieldId.NdTll, "nd_tll", null, 48, 48, FieldFormat.Ethernet, true, FieldPrereq.NdAdvert, true, OfSupport.None, OfSupport.None, false, [H("NXM_NX_ND_TLL", 0x0001, 25, 0x00000000, 0), H("OXM_OF_IPV6_ND_TLL", 0x8000, 33, 0x00000000, 3)]),
        F(FieldId.NdReserved, "nd_reserved", null, 32, 32, FieldFormat.Decimal, false, FieldPrereq.Nd, true, OfSupport.None, OfSupport.None, false, [H("ERICOXM_OF_ICMPV6_ND_RESERVED", 0x1000, 1, 0x00000000, 0)]),
        F(FieldId.NdOptionsType, "nd_options_type", null, 8, 8, FieldFormat.Decimal, false, FieldPrereq.Nd, true, OfSupport.None, OfSupport.None, false, [H("ERICOXM_OF_ICMPV6_ND_OPTIONS_TYPE", 0x1000, 2, 0x00000000, 0)]),
        F(FieldId.NshFlags, "nsh_flags", null, 8, 8, FieldFormat.Decimal, true, FieldPrereq.Nsh, true, OfSupport.None, OfSupport.None, false, [H("NXOXM_NSH_FLAGS", 0xffff, 1, 0x005ad650, 0)]),
        F(FieldId.NshMdtype, "nsh_mdtype", null, 8, 8, FieldFormat.Decimal, false, FieldPrereq.Nsh, false, OfSupport.None, OfSupport.None, false, [H("NXOXM_NSH_MDTYPE", 0xffff, 2, 0x005ad650, 0)]),
        F(FieldId.NshNp, "nsh_np", null, 8, 8, FieldFormat.Decimal, false, FieldPrereq.Nsh, false, OfSupport.None, OfSupport.None, false, [H("NXOXM_NSH_NP", 0xffff, 3, 0x005ad650, 0)]),
        F(FieldId.NshSpi, "nsh_spi", "nsp", 32, 24, FieldFormat.Hexadecimal, false, FieldPrereq.Nsh, true, OfSupport.None, OfSupport.None, false, [H("NXOXM_NSH_SPI", 0xffff, 4, 0x005ad650, 0)]),
        F(FieldId.NshSi, "nsh_si", "nsi", 8, 8, FieldFormat.Decimal, false, FieldPrereq.Nsh, true, OfSupport.None, OfSupport.None, false, [H("NXOXM_NSH_SI", 0xffff, 5, 0x005ad650, 0)]),
        F(FieldId.NshC1, "nsh_c1", "nshc1", 32, 32, FieldFormat.Hexadecimal, true, FieldPrereq.Nsh, true, OfSupport.None, OfSupport.None, false, [H("NXOXM_NSH_C1", 0xffff, 6, 0x005ad650, 0)]),
        F(FieldId.NshC2, "nsh_c2", "nshc2", 32, 32, FieldFormat.Hexadecimal, true, FieldPrereq.Nsh, true, OfSupport.None, OfSupport.None, false, [H("NXOXM_NSH_C2", 0xffff, 7, 0x005ad650, 0)]),
        F(FieldId.NshC3, "nsh_c3", "nshc3", 32, 32, FieldFormat.Hexadecimal, true, FieldPrereq.Nsh, true, OfSupport.None, OfSupport.None, false, [H("NXOXM_NSH_C3", 0xffff, 8, 0x005ad650, 0)]),
        F(FieldId.NshC4, "nsh_c4", "nshc4", 32, 32, FieldFormat.Hexadecimal, true, FieldPrereq.Nsh, true, OfSupport.None, OfSupport.None, false, [H("NXOXM_NSH_C4", 0xffff, 9, 0x005ad650, 0)]),
        F(FieldId.NshTtl, "nsh_ttl", null, 8, 8, FieldFormat.Decimal, false, FieldPrereq.Nsh, true, OfSupport.None, OfSupport.None, false, [H("NXOXM_NSH_TTL", 0xffff, 10, 0x005ad650, 0)]),
    ];

    private static readonly FrozenDictionary<string, FieldInfo> s_byName = BuildNameIndex();

    private static readonly FrozenDictionary<string, (FieldInfo Field, OxmHeader Header)> s_byHeaderName = BuildHeaderNameIndex();

    private static readonly FrozenDictionary<ulong, (FieldInfo Field, OxmHeader Header)> s_byHeader = BuildHeaderIndex();

    public static ReadOnlySpan<FieldInfo> All => s_fields;

    public static FieldInfo Get(FieldId id) => s_fields[(int)id];

    /// <summary>Looks a field up by its name or alias, as ovs-ofctl accepts them.</summary>
    public static FieldInfo? FromName(string name) => s_byName.GetValueOrDefault(name);

    public static FieldInfo? FromName(ReadOnlySpan<char> name) =>
        s_byName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out FieldInfo? f) ? f : null;

    /// <summary>Looks an NXM/OXM header up by name ("NXM_OF_IN_PORT", "OXM_OF_IPV4_SRC"), without any "_W".</summary>
    public static bool TryGetHeaderByName(ReadOnlySpan<char> name, out FieldInfo field, out OxmHeader header)
    {
        if (s_byHeaderName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var entry))
        {
            (field, header) = entry;
            return true;
        }

        field = null!;
        header = default;
        return false;
    }

    /// <summary>Finds the field an NXM/OXM header denotes, ignoring its hasmask bit and length.</summary>
    public static bool TryGetByHeader(OxmHeader header, out FieldInfo field, out OxmHeader known)
    {
        if (s_byHeader.TryGetValue(header.Key, out var entry))
        {
            (field, known) = entry;
            return true;
        }

        field = null!;
        known = default;
        return false;
    }

    private static FieldInfo F(
        FieldId id, string name, string? extraName, int bits, int significantBits, FieldFormat format, bool maskable,
        FieldPrereq prereq, bool writable, OfSupport of10, OfSupport of11, bool variableLength, OxmHeader[] headers) =>
        new(id, name, extraName, bits, significantBits, format, maskable, prereq, writable, of10, of11, variableLength, headers);

    // Header length is filled in from the field width: experimenter headers count their 4-byte experimenter id.
    private static OxmHeader H(string name, ushort oxmClass, byte field, uint experimenter, byte version) =>
        new(oxmClass, field, false, 0, experimenter, name, version);

    private static FrozenDictionary<string, FieldInfo> BuildNameIndex()
    {
        var d = new Dictionary<string, FieldInfo>(StringComparer.Ordinal);
        foreach (FieldInfo f in s_fields)
        {
            d[f.Name] = f;
            if (f.ExtraName is not null)
            {
                d[f.ExtraName] = f;
            }
        }

        return d.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static FrozenDictionary<string, (FieldInfo, OxmHeader)> BuildHeaderNameIndex()
    {
        var d = new Dictionary<string, (FieldInfo, OxmHeader)>(StringComparer.Ordinal);
        foreach (FieldInfo f in s_fields)
        {
            foreach (OxmHeader h in f.Headers)
            {
                d[h.Name!] = (f, h);
            }
        }

        return d.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static FrozenDictionary<ulong, (FieldInfo, OxmHeader)> BuildHeaderIndex()
    {
        var d = new Dictionary<ulong, (FieldInfo, OxmHeader)>();
        foreach (FieldInfo f in s_fields)
        {
            foreach (OxmHeader h in f.Headers)
            {
                d[h.Key] = (f, h);
            }
        }

        return d.ToFrozenDictionary();
    }
}
