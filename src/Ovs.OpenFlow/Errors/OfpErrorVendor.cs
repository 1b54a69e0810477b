// Upstream: include/openflow/openflow-common.h, the vendor ids that carry extension errors (OVS 3.1)
namespace Ovs.OpenFlow.Errors;

/// <summary>Who defines an error encoding.</summary>
internal enum OfpErrorVendor : uint
{
    Of = 0,
    Nicira = 0x00002320,
    Onf = 0x4f4e4600,
}
