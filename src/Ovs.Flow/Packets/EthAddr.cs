// Upstream: struct eth_addr in include/openvswitch/types.h and the ETH_ADDR_FMT helpers of lib/packets.h (OVS 3.1).
// A 48-bit Ethernet address stored as its six bytes in wire order; text form is "xx:xx:xx:xx:xx:xx", lower case.
using System.Buffers.Binary;
using System.Globalization;

namespace Ovs.Flow.Packets;

internal readonly struct EthAddr : IEquatable<EthAddr>
{
    // The six bytes packed big-endian into the low 48 bits, so ordering and masking are plain integer operations.
    private readonly ulong _bits;

    private EthAddr(ulong bits) => _bits = bits & 0xffff_ffff_ffffUL;

    public static EthAddr Zero => default;

    public static EthAddr Broadcast => new(0xffff_ffff_ffffUL);

    public ulong Bits => _bits;

    public static EthAddr FromBits(ulong bits) => new(bits);

    public static EthAddr Read(ReadOnlySpan<byte> source) =>
        new(((ulong)BinaryPrimitives.ReadUInt16BigEndian(source) << 32) | BinaryPrimitives.ReadUInt32BigEndian(source[2..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(_bits >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)_bits);
    }

    public bool IsMulticast => (_bits & 0x0100_0000_0000UL) != 0;

    public bool IsZero => _bits == 0;

    public static EthAddr operator &(EthAddr a, EthAddr b) => new(a._bits & b._bits);

    public static bool operator ==(EthAddr a, EthAddr b) => a._bits == b._bits;

    public static bool operator !=(EthAddr a, EthAddr b) => a._bits != b._bits;

    public bool Equals(EthAddr other) => _bits == other._bits;

    public override bool Equals(object? obj) => obj is EthAddr other && Equals(other);

    public override int GetHashCode() => _bits.GetHashCode();

    public override string ToString()
    {
        Span<byte> b = stackalloc byte[6];
        Write(b);
        return string.Create(CultureInfo.InvariantCulture, $"{b[0]:x2}:{b[1]:x2}:{b[2]:x2}:{b[3]:x2}:{b[4]:x2}:{b[5]:x2}");
    }

    /// <summary>
    /// Parses "xx:xx:xx:xx:xx:xx" where each part is one or two hex digits (upstream's ETH_ADDR_SCAN_FMT, which
    /// accepts "%hhx" parts); consumed reports how many characters made up the address.
    /// </summary>
    public static bool TryParsePrefix(ReadOnlySpan<char> text, out EthAddr address, out int consumed)
    {
        address = default;
        consumed = 0;
        ulong bits = 0;
        int i = 0;
        for (int part = 0; part < 6; part++)
        {
            if (part > 0)
            {
                if (i >= text.Length || text[i] != ':')
                {
                    return false;
                }

                i++;
            }

            int start = i;
            uint v = 0;
            while (i < text.Length && i - start < 2 && char.IsAsciiHexDigit(text[i]))
            {
                v = (v << 4) | (uint)HexValue(text[i]);
                i++;
            }

            if (i == start)
            {
                return false;
            }

            bits = (bits << 8) | v;
        }

        address = new EthAddr(bits);
        consumed = i;
        return true;
    }

    public static bool TryParse(ReadOnlySpan<char> text, out EthAddr address) =>
        TryParsePrefix(text, out address, out int consumed) && consumed == text.Length;

    internal static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
