package io.latentwatch.metrics;

import com.sun.net.httpserver.HttpExchange;
import io.latentwatch.LatentwatchException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /metrics} in the Prometheus text format over HTTP, and beside it the health
 * endpoints: {@code /health/live} answers 200 while the process serves at all, {@code
 * /health/ready} answers 200 when the detector is ready and 503 when it is not. Any other path is
 * 404.
 */
public final class MetricsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);

    private final HTTPServer server;

    private MetricsServer(HTTPServer server) {
        this.server = server;
    }

    /**
     * Starts serving {@code registry} on {@code address:port}.
     *
     * @param port the port, or 0 for any free one
     * @param ready whether {@code /health/ready} says ready, asked at every request
     * @throws LatentwatchException when the port cannot be bound, naming address and port
     */
    public static MetricsServer start(
            PrometheusMeterRegistry registry, String address, int port, BooleanSupplier ready) {
        try {
            HTTPServer server =
                    HTTPServer.builder()
                            .hostname(address)
                            .port(port)
                            .registry(registry.getPrometheusRegistry())
                            .defaultHandler(exchange -> health(exchange, ready))
                            .buildAndStart();
            log.info(
                    "Metrics endpoint started url=http://{}:{}/metrics", address, server.getPort());
            return new MetricsServer(server);
        } catch (IOException e) {
            throw new LatentwatchException(
                    String.format(
                            "Cannot serve metrics on %s:%d: %s; check metrics.bind.address, or choose"
                                    + " another metrics.port",
                            address, port, e.getMessage()),
                    e);
        }
    }

    /** Answers the health paths; the library routes every path but its own here. */
    private static void health(HttpExchange exchange, BooleanSupplier ready) throws IOException {
        String path = exchange.getRequestURI().getPath();
        int status;
        String body;
        switch (path) {
            case "/health/live" -> {
                status = 200;
                body = "live\n";
            }
            case "/health/ready" -> {
                boolean isReady = ready.getAsBoolean();
                status = isReady ? 200 : 503;
                body = isReady ? "ready\n" : "not ready\n";
            }
            default -> {
                status = 404;
                body = "not found; try /metrics, /health/live or /health/ready\n";
            }
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The port actually bound. */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
