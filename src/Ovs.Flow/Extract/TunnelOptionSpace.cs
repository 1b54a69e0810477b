// Upstream: the opts member of struct tun_metadata in include/openvswitch/tun-metadata.h (OVS 3.1).
// The tunnel option space of a packet's metadata, FlowLayout.TunMetadataOptsSize bytes laid out as the flow holds
// them, stored inline so that PacketMetadata stays a plain value with no allocation.
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ovs.Flow.Extract;

[InlineArray(FlowLayout.TunMetadataOptsSize / 8)]
internal struct TunnelOptionSpace
{
    private ulong _element0;

    [UnscopedRef]
    public Span<byte> Bytes => MemoryMarshal.AsBytes((Span<ulong>)this);

    [UnscopedRef]
    public readonly ReadOnlySpan<byte> ReadOnlyBytes => MemoryMarshal.AsBytes((ReadOnlySpan<ulong>)this);
}
