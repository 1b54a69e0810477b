// Random and mutated NXM/OXM input: decoding never throws, and re-encoding reaches a fixed point. (Not always
// after one round, as upstream: an OXM vlan_pcp entry written for a match without the CFI bit sets that bit when
// decoded, so the second encoding is the stable one.)
using System.Buffers;
using Ovs.Flow.Fields;
using Ovs.Flow.Nxm;

namespace Ovs.Flow.Tests.Nxm;

public sealed class NxmRobustnessTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(6)]
    public void MutatedEntriesNeverThrowAndReencodeStably(int version)
    {
        var random = new Random(1234 + version);
        FieldInfo[] fields = FieldTable.All.ToArray().Where(f => f.Headers.Length > 0).ToArray();
        for (int round = 0; round < 3000; round++)
        {
            byte[] data = BuildEntries(random, fields);
            if (random.Next(4) == 0 && data.Length > 0)
            {
                data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
            }

            if (random.Next(8) == 0 && data.Length > 0)
            {
                data = data[..random.Next(data.Length)];
            }

            bool strict = random.Next(2) == 0;
            NxmError error = NxmDecoder.DecodeEntries(data, strict, allowCookie: version == 0, out Match match, out ulong cookie, out ulong cookieMask);
            if (error != NxmError.None)
            {
                continue;
            }

            byte[] first = RoundTrip(in match, version, cookie, cookieMask, out Match again);
            byte[] second = RoundTrip(in again, version, cookie, cookieMask, out Match third);
            byte[] stable = RoundTrip(in third, version, cookie, cookieMask, out _);
            Assert.Equal(second, stable);
            _ = NxmText.Format(first);
        }
    }

    private static byte[] RoundTrip(in Match match, int version, ulong cookie, ulong cookieMask, out Match decoded)
    {
        var output = new ArrayBufferWriter<byte>();
        int length = NxmEncoder.EncodeEntries(output, in match, version, cookie, cookieMask);
        byte[] bytes = output.WrittenSpan[..length].ToArray();
        Assert.Equal(NxmError.None, NxmDecoder.DecodeEntries(bytes, strict: false, allowCookie: version == 0, out decoded, out _, out _));
        return bytes;
    }

    [Fact]
    public void RandomBytesNeverThrow()
    {
        var random = new Random(99);
        for (int round = 0; round < 20000; round++)
        {
            byte[] data = new byte[random.Next(40)];
            random.NextBytes(data);
            _ = NxmDecoder.DecodeEntries(data, random.Next(2) == 0, random.Next(2) == 0, out _, out _, out _);
            _ = NxmDecoder.DecodeOxmMatch(data, true, out _, out _);
            _ = NxmText.Format(data);
        }
    }

    private static byte[] BuildEntries(Random random, FieldInfo[] fields)
    {
        var bytes = new List<byte>();
        int count = random.Next(1, 5);
        for (int i = 0; i < count; i++)
        {
            FieldInfo f = fields[random.Next(fields.Length)];
            OxmHeader h = f.Headers[random.Next(f.Headers.Length)];
            int size = f.VariableLength ? random.Next(0, 9) : f.Size;
            bool masked = f.Maskable && random.Next(2) == 0;
            byte[] value = new byte[size];
            byte[] mask = new byte[size];
            random.NextBytes(value);
            random.NextBytes(mask);
            for (int k = 0; k < size; k++)
            {
                value[k] &= masked ? mask[k] : (byte)0xff;
            }

            if (random.Next(3) == 0)
            {
                // Prerequisites make most L3/L4 entries decode.
                bytes.AddRange(new byte[] { 0x00, 0x00, 0x06, 0x02, 0x08, 0x00, 0x00, 0x00, 0x14, 0x01, 0x06 });
            }

            OxmHeader w = h.WithMask(masked, size * (masked ? 2 : 1));
            byte[] header = new byte[w.HeaderSize];
            w.Write(header);
            bytes.AddRange(header);
            bytes.AddRange(value);
            if (masked)
            {
                bytes.AddRange(mask);
            }
        }

        return bytes.ToArray();
    }
}
