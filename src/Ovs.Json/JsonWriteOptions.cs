namespace Ovs.Json;

/// <summary>Serialization flags, as upstream's <c>JSSF_PRETTY</c> and <c>JSSF_SORT</c>.</summary>
[Flags]
public enum JsonWriteOptions
{
    None = 0,

    /// <summary>Multi-line output in upstream's style: two-space indent, closing brackets on the last line.</summary>
    Pretty = 1,

    /// <summary>Object members in ordinal order of their names.</summary>
    Sort = 2,
}
