// Derives new inputs from seeds the way simple structure-unaware fuzzers do (bit flips, interesting values,
// insertions, deletions, truncation, splicing), plus one structure-aware step that matters for binary protocols:
// rewriting a 16-bit big-endian word with a length-like value, since OpenFlow, NXM and netlink all carry
// lengths that a decoder must not trust.
namespace Ovs.Fuzz;

internal sealed class Mutator
{
    private static readonly byte[] s_interestingBytes = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x10, 0x20, 0x40];
    private static readonly ushort[] s_interestingLengths = [0, 1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 24, 0x7fff, 0x8000, 0xfff8, 0xffff];

    private readonly Random _random;
    private readonly int _maxLength;

    public Mutator(int seed, int maxLength = 4096)
    {
        _random = new Random(seed);
        _maxLength = maxLength;
    }

    public Random Random => _random;

    /// <summary>Returns a mutated copy of input after one to four mutation steps; other may be spliced in.</summary>
    public byte[] Mutate(ReadOnlySpan<byte> input, ReadOnlySpan<byte> other)
    {
        var data = new List<byte>(input.Length + 16);
        foreach (byte b in input)
        {
            data.Add(b);
        }

        int steps = 1 + _random.Next(4);
        for (int i = 0; i < steps; i++)
        {
            Step(data, other);
        }

        if (data.Count > _maxLength)
        {
            data.RemoveRange(_maxLength, data.Count - _maxLength);
        }

        return [.. data];
    }

    private void Step(List<byte> data, ReadOnlySpan<byte> other)
    {
        switch (_random.Next(data.Count == 0 ? 3 : 9))
        {
            case 0:
                data.Insert(_random.Next(data.Count + 1), (byte)_random.Next(256));
                break;
            case 1:
                data.Insert(_random.Next(data.Count + 1), s_interestingBytes[_random.Next(s_interestingBytes.Length)]);
                break;
            case 2:
                Splice(data, other);
                break;
            case 3:
                int bit = _random.Next(data.Count * 8);
                data[bit / 8] ^= (byte)(1 << (bit % 8));
                break;
            case 4:
                data[_random.Next(data.Count)] = s_interestingBytes[_random.Next(s_interestingBytes.Length)];
                break;
            case 5:
                data[_random.Next(data.Count)] = (byte)_random.Next(256);
                break;
            case 6:
                int start = _random.Next(data.Count);
                data.RemoveRange(start, Math.Min(data.Count - start, 1 + _random.Next(16)));
                break;
            case 7:
                int keep = _random.Next(data.Count);
                data.RemoveRange(keep, data.Count - keep);
                break;
            default:
                if (data.Count >= 2)
                {
                    // Length fields sit at even offsets in every format we decode.
                    int at = _random.Next(data.Count / 2) * 2;
                    ushort value = _random.Next(3) == 0 ? (ushort)data.Count : s_interestingLengths[_random.Next(s_interestingLengths.Length)];
                    data[at] = (byte)(value >> 8);
                    data[at + 1] = (byte)value;
                }

                break;
        }
    }

    private void Splice(List<byte> data, ReadOnlySpan<byte> other)
    {
        if (other.IsEmpty)
        {
            return;
        }

        int from = _random.Next(other.Length);
        int count = Math.Min(other.Length - from, 1 + _random.Next(64));
        int at = _random.Next(data.Count + 1);
        data.InsertRange(at, other.Slice(from, count).ToArray());
    }
}
