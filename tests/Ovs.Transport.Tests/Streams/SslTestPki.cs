// A throw-away PKI made with the openssl command for the ssl:/pssl: tests: a CA with a server and a client
// certificate (one RSA key in PKCS#8, one EC key in SEC1 form, so both loaders are exercised), and a second,
// unrelated CA with a certificate of its own for the "untrusted peer" cases.
using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;

namespace Ovs.Transport.Tests.Streams;

public sealed class SslTestPki : IDisposable
{
    public SslTestPki()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("ovspki").FullName;
        try
        {
            MakeCa("ca", "/C=US/ST=CA/O=Open vSwitch/OU=testca/CN=OVS test CA");
            MakeLeaf("server", "ca", "/C=US/O=Open vSwitch/CN=server", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out"]);
            MakeLeaf("client", "ca", "/C=US/O=Open vSwitch/CN=client", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out"]);
            MakeCa("other-ca", "/C=US/O=Elsewhere/CN=other CA");
            MakeLeaf("other", "other-ca", "/C=US/O=Elsewhere/CN=other", ["genrsa", "-traditional", "-out"]);
            Available = true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            Error = ex.Message;
        }
    }

    public string Directory { get; }

    /// <summary>False when openssl is missing or failed (see <see cref="Error"/>).</summary>
    public bool Available { get; }

    public string? Error { get; }

    public string Key(string name) => Path.Combine(Directory, name + "-key.pem");

    public string Cert(string name) => Path.Combine(Directory, name + "-cert.pem");

    /// <summary>The certificate <paramref name="name"/> with its private key, for a test-side SslStream.</summary>
    public X509Certificate2 Load(string name) => X509Certificate2.CreateFromPemFile(Cert(name), Key(name));

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private void MakeCa(string name, string subject) =>
        OpenSsl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", Key(name), "-out", Cert(name), "-days", "3", "-subj", subject);

    private void MakeLeaf(string name, string ca, string subject, string[] keyCommand)
    {
        OpenSsl([.. keyCommand, Key(name)]);
        string request = Path.Combine(Directory, name + "-req.pem");
        OpenSsl("req", "-new", "-key", Key(name), "-out", request, "-subj", subject);
        OpenSsl("x509", "-req", "-in", request, "-CA", Cert(ca), "-CAkey", Key(ca), "-CAcreateserial", "-out", Cert(name), "-days", "3");
    }

    private void OpenSsl(params string[] args)
    {
        var psi = new ProcessStartInfo("openssl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Directory,
        };
        foreach (string arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(psi)!;
        string stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(30_000) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', args)} failed: {stderr}");
        }
    }
}
