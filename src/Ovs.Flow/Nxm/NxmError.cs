// Upstream: the OFPERR_OFPBMC_* (and two OFPBRC_*) codes that lib/nx-match.c returns while decoding matches.
// The OpenFlow layer maps each to its per-version type/code; Name is the text ovs-ofctl prints.
namespace Ovs.Flow.Nxm;

internal enum NxmError : byte
{
    None,

    /// <summary>OFPBMC_BAD_TYPE: the match is not of type OFPMT_OXM.</summary>
    BadType,

    /// <summary>OFPBMC_BAD_LEN: a truncated entry, header, or match.</summary>
    BadLen,

    /// <summary>OFPBMC_BAD_FIELD: an unknown header (skipped by the loose decoder).</summary>
    BadField,

    /// <summary>OFPBMC_BAD_WILDCARDS: a value with 1-bits where its mask has 0-bits.</summary>
    BadWildcards,

    /// <summary>OFPBMC_BAD_MASK: a partial mask on a field that cannot be masked.</summary>
    BadMask,

    /// <summary>OFPBMC_BAD_VALUE: a value the field cannot take.</summary>
    BadValue,

    /// <summary>OFPBMC_BAD_PREREQ: a field whose prerequisites the preceding entries do not satisfy (strict only).</summary>
    BadPrereq,

    /// <summary>OFPBMC_DUP_FIELD: a field that an earlier entry already matched.</summary>
    DupField,

    /// <summary>OFPBRC_PIPELINE_FIELDS_ONLY: a non-pipeline field where only pipeline fields are allowed.</summary>
    PipelineFieldsOnly,
}

internal static class NxmErrorNames
{
    public static string Name(this NxmError error) => error switch
    {
        NxmError.None => "OFPERR_NONE",
        NxmError.BadType => "OFPBMC_BAD_TYPE",
        NxmError.BadLen => "OFPBMC_BAD_LEN",
        NxmError.BadField => "OFPBMC_BAD_FIELD",
        NxmError.BadWildcards => "OFPBMC_BAD_WILDCARDS",
        NxmError.BadMask => "OFPBMC_BAD_MASK",
        NxmError.BadValue => "OFPBMC_BAD_VALUE",
        NxmError.BadPrereq => "OFPBMC_BAD_PREREQ",
        NxmError.DupField => "OFPBMC_DUP_FIELD",
        NxmError.PipelineFieldsOnly => "OFPBRC_PIPELINE_FIELDS_ONLY",
        _ => throw new ArgumentOutOfRangeException(nameof(error)),
    };
}
