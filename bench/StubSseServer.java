import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A near-free streaming completions server for measuring a load generator's own limits: it reads each request,
 * then streams TOKENS text events (one write and flush each), a usage event and [DONE] at once. JDK only; run it
 * with `java bench/StubSseServer.java PORT [TOKENS]`. Loopback only; stop it with Ctrl-C or kill.
 */
public class StubSseServer {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        byte[] text = "data: {\"choices\":[{\"index\":0,\"text\":\" tok\"}]}\n\n".getBytes(StandardCharsets.UTF_8);
        byte[] end = ("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":" + tokens
                        + "}}\n\ndata: [DONE]\n\n")
                .getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 4096);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                ex.getResponseHeaders().set("Content-Type", "text/event-stream");
                ex.sendResponseHeaders(200, 0);
                OutputStream out = ex.getResponseBody();
                for (int i = 0; i < tokens; i++) {
                    out.write(text);
                    out.flush();
                }
                out.write(end);
            }
        });
        server.start();
        System.out.println("stub SSE server on http://127.0.0.1:" + port + ", " + tokens + " tokens per request");
    }
}
