// Upstream: include/openflow/openflow-common.h, the header types that never change between versions (OVS 3.1)
namespace Ovs.OpenFlow.Wire;

internal static class OfpMessageTypes
{
    public const byte Hello = 0;
    public const byte Error = 1;
    public const byte EchoRequest = 2;
    public const byte EchoReply = 3;
}
