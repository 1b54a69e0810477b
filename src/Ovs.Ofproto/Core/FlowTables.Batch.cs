// Upstream: the flow_mod part of do_bundle_commit() in ofproto/ofproto.c: ofproto_flow_mod_start(),
// ofproto_flow_mod_revert() and ofproto_flow_mod_finish() over one version (OVS 3.1)
//
// Several flow_mods applied as one change: each starts in the same next version, seeing the changes of those before
// it (a flow the batch added can be modified or deleted by a later one); then either all of them are reverted (none
// was ever visible to lookups) or the version is published once and every change finishes.
// Threading: main loop only.
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Core;

internal sealed partial class FlowTables
{
    /// <summary>Opens a batch: its flow_mods are made in the version after the one lookups use now.</summary>
    public Transaction BeginBatch() => new(Version + 1);

    /// <summary>
    /// Starts one flow_mod in the batch; on an error the batch must be reverted. <paramref name="requester"/> names
    /// the request for flow monitors.
    /// </summary>
    public OfpError StartInBatch(Transaction batch, FlowMod fm, bool modifyCookie, FlowModRequester? requester = null)
    {
        batch.Requester = requester;
        return Start(fm, modifyCookie, batch);
    }

    /// <summary>Undoes every flow_mod the batch started, newest first.</summary>
    public void RevertBatch(Transaction batch) => Revert(batch);

    /// <summary>Publishes the batch's version, so lookups see all its changes at once, and finishes them.</summary>
    public void FinishBatch(Transaction batch) => Finish(batch);
}
