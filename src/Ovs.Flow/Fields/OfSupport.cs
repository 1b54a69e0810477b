// ovs-fields(7) "OpenFlow 1.0" and "OpenFlow 1.1": whether the fixed-format matches of those versions can carry a
// field, and how.
namespace Ovs.Flow.Fields;

internal enum OfSupport : byte
{
    None,
    Exact,
    Cidr,
    Yes,
}
