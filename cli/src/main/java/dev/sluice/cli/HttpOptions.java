package dev.sluice.cli;

import dev.sluice.frontend.FrontendConfig;
import picocli.CommandLine.Option;

/** The HTTP frontend's flags, shared by {@code serve} and {@code frontend}. */
final class HttpOptions {
    @Option(
            names = "--http-host",
            defaultValue = "0.0.0.0",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String httpHost;

    @Option(
            names = "--http-port",
            defaultValue = "8000",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(
            names = "--max-body-bytes",
            defaultValue = "" + FrontendConfig.DEFAULT_MAX_BODY_BYTES,
            description = "Largest request body; larger ones get 413 (default: ${DEFAULT-VALUE}).")
    long maxBodyBytes;

    @Option(
            names = "--max-in-flight",
            defaultValue = "" + FrontendConfig.DEFAULT_MAX_IN_FLIGHT,
            description = "Requests served at once; more get 429 (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    FrontendConfig config() {
        return new FrontendConfig(httpHost, httpPort, maxBodyBytes, maxInFlight);
    }

    String url(int port) {
        return "http://" + (httpHost.equals("0.0.0.0") ? "127.0.0.1" : httpHost) + ":" + port;
    }
}
