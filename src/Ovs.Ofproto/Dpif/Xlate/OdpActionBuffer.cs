// Upstream: the nl_msg_put_*() helpers of lib/netlink.c as ofproto-dpif-xlate.c uses them on ctx->odp_actions
// (OVS 3.1).
// A growable list of datapath actions in netlink attribute form (native-endian headers, 4-byte alignment), the
// encoding OdpActionFormatter prints and the datapath executes.
using System.Buffers.Binary;

namespace Ovs.Ofproto.Dpif.Xlate;

internal sealed class OdpActionBuffer
{
    private const int HeaderSize = 4;
    private byte[] _data = new byte[256];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _data.AsSpan(0, Length);

    public byte[] ToArray() => Written.ToArray();

    /// <summary>Drops everything written after position.</summary>
    public void Truncate(int position) => Length = Math.Min(Length, position);

    /// <summary>Appends an attribute with a zeroed payload of size bytes and returns the payload.</summary>
    public Span<byte> Put(ushort type, int size)
    {
        int total = Align(HeaderSize + size);
        Reserve(total);
        Span<byte> attr = _data.AsSpan(Length, total);
        attr.Clear();
        BitConverter.TryWriteBytes(attr, (ushort)(HeaderSize + size));
        BitConverter.TryWriteBytes(attr[2..], type);
        Length += total;
        return attr.Slice(HeaderSize, size);
    }

    public void PutFlag(ushort type) => Put(type, 0);

    public void PutU32(ushort type, uint value) => BitConverter.TryWriteBytes(Put(type, 4), value);

    public void PutBe16(ushort type, ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Put(type, 2), value);

    public void PutBytes(ushort type, ReadOnlySpan<byte> payload) => payload.CopyTo(Put(type, payload.Length));

    /// <summary>Starts a nested attribute; pass the result to EndNested once its contents are written.</summary>
    public int BeginNested(ushort type)
    {
        int start = Length;
        Put(type, 0);
        return start;
    }

    public void EndNested(int start) => BitConverter.TryWriteBytes(_data.AsSpan(start), (ushort)(Length - start));

    /// <summary>Appends already-encoded attributes.</summary>
    public void Append(ReadOnlySpan<byte> attributes)
    {
        Reserve(attributes.Length);
        attributes.CopyTo(_data.AsSpan(Length));
        Length += attributes.Length;
    }

    /// <summary>How many top-level attributes of type the buffer holds (upstream walks them with NL_ATTR_FOR_EACH).</summary>
    public int CountTopLevel(ushort type)
    {
        int n = 0;
        for (int at = 0; at + 4 <= Length;)
        {
            ushort len = BitConverter.ToUInt16(_data, at);
            if (len < 4)
            {
                break;
            }

            if (BitConverter.ToUInt16(_data, at + 2) == type)
            {
                n++;
            }

            at += Align(len);
        }

        return n;
    }

    private static int Align(int size) => (size + 3) & ~3;

    private void Reserve(int extra)
    {
        if (Length + extra > _data.Length)
        {
            Array.Resize(ref _data, Math.Max(_data.Length * 2, Length + extra));
        }
    }
}
