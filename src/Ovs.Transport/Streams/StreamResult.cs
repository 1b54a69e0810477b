// Upstream: lib/stream.c, the int return values of stream_open() and pstream_open() (OVS 3.1)
namespace Ovs.Transport.Streams;

/// <summary>
/// The outcome of opening a stream or listener: a value, or an errno (an OvsErrno value). Connection failures
/// are values, not exceptions, because callers report them in upstream's "(strerror)" form or retry.
/// </summary>
public readonly record struct StreamResult<T>(T? Value, int Error)
    where T : class
{
    public bool IsSuccess => Value is not null;

    public static StreamResult<T> Ok(T value) => new(value, 0);

    public static StreamResult<T> Fail(int error) => new(null, error);
}
