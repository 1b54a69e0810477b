// The soft (conjunctive) rules one lookup has found: up to InlineCount on the stack, more in a heap list (the
// rare case upstream also handles by allocating). Holds RuleNode<T> as object so the buffer need not be generic.
using System.Runtime.CompilerServices;

namespace Ovs.Classifier;

internal struct SoftMatches
{
    public const int InlineCount = 16;

    private Buffer _inline;
    private List<object?>? _overflow;

    public int Count { get; private set; }

    public object? this[int index]
    {
        readonly get => index < InlineCount ? _inline[index] : _overflow![index - InlineCount];
        set
        {
            if (index < InlineCount)
            {
                _inline[index] = value;
            }
            else
            {
                _overflow![index - InlineCount] = value;
            }
        }
    }

    public void Add(object node)
    {
        if (Count < InlineCount)
        {
            _inline[Count] = node;
        }
        else
        {
            (_overflow ??= []).Add(node);
        }

        Count++;
    }

    /// <summary>Removes the element at index by moving the last one into its place (order does not matter).</summary>
    public void RemoveAt(int index)
    {
        int last = Count - 1;
        this[index] = this[last];
        if (last >= InlineCount)
        {
            _overflow!.RemoveAt(last - InlineCount);
        }
        else
        {
            _inline[last] = null;
        }

        Count--;
    }

    [InlineArray(InlineCount)]
    private struct Buffer
    {
        private object? _element0;
    }
}
