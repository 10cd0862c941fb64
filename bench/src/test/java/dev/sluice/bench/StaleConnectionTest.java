package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression for issue 15: against a server that drops idle keep-alive connections (the JDK's own HttpServer
 * does beyond 200), the Netty client sent on a connection the server had just closed and counted "the server closed
 * the connection mid-response". A request that got no byte back on a reused connection is now sent again.
 */
@Timeout(30)
class StaleConnectionTest {
    private static final String EVENTS = "data: {\"choices\":[{\"text\":\"a\"}]}\n\n"
            + "data: {\"choices\":[],\"usage\":{\"completion_tokens\":1}}\n\ndata: [DONE]\n\n";

    @Test
    void aRequestOnAConnectionTheServerDroppedIsSentAgainOnANewOne() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> accept(server));
            URI url = URI.create("http://127.0.0.1:" + server.getLocalPort());
            BenchRunner.Run run = BenchRunnerTest.run(url, BenchRunner.Client.NETTY, 1, Duration.ofSeconds(10), 0, 0);
            assertThat(run.results()).allSatisfy(r -> assertThat(r.failure()).isEmpty());
        }
    }

    /** Answers the first request of each connection; closes the connection when a second one arrives on it. */
    private static void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            for (int n = 0; readRequest(in); n++) {
                if (n > 0) {
                    return;
                }
                byte[] body = EVENTS.getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: " + body.length
                                + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
        int at = text.indexOf("content-length:");
        int length = Integer.parseInt(
                text.substring(at + 15, text.indexOf("\r\n", at)).strip());
        in.readNBytes(length);
        return true;
    }
}
