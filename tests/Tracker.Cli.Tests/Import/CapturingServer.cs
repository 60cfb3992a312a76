using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tracker.Cli.Tests.Import;

/// <summary>A loopback HTTP server that records each request the CLI sends and answers with a canned status and body.</summary>
public sealed class CapturingServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public CapturingServer(HttpStatusCode status, string answer)
    {
        Url = $"http://127.0.0.1:{FreePort()}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(() => ServeAsync(status, answer));
    }

    public string Url { get; }

    public List<CapturedRequest> Requests { get; } = [];

    public void Dispose()
    {
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync(HttpStatusCode status, string answer)
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            lock (Requests)
            {
                Requests.Add(new CapturedRequest(context.Request.HttpMethod, context.Request.Url!.PathAndQuery, context.Request.ContentType, body.ToArray(), context.Request.Headers["Authorization"]));
            }

            var bytes = Encoding.UTF8.GetBytes(answer);
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = status == HttpStatusCode.OK ? "application/json" : "application/problem+json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}

public sealed record CapturedRequest(string Method, string PathAndQuery, string? ContentType, byte[] Body, string? Authorization)
{
    public string Text => Encoding.UTF8.GetString(Body);
}
