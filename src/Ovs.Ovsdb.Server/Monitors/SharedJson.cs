// Upstream: ovsdb/monitor.c, struct ovsdb_monitor_json_cache_node (OVS 3.1)
//
// A JSON value built once and sent to many clients: the serialized text is produced on first use and then reused,
// so a commit's table-updates for N identical monitors are serialized once, not N times (upstream keeps one
// "monitor changes" JSON per distinct monitor for the same reason).
using Ovs.Json;

namespace Ovs.Ovsdb.Server.Monitors;

/// <summary>
/// An immutable JSON value with its compact serialization cached. A caller that already has the text (built from
/// cached pieces) passes it in; it must equal <c>value.ToString()</c>.
/// </summary>
internal sealed class SharedJson(JsonValue value, string? text = null)
{
    private string? _text = text;

    public JsonValue Value { get; } = value;

    /// <summary>
    /// The compact text. Computing it twice on two threads at once is harmless (same result), so no lock is taken.
    /// </summary>
    public string Text => _text ??= Value.ToString();
}
