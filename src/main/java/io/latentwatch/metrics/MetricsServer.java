package io.latentwatch.metrics;

import io.latentwatch.LatentwatchException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves {@code /metrics} in the Prometheus text format over HTTP. */
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
     * @throws LatentwatchException when the port cannot be bound, naming address and port
     */
    public static MetricsServer start(PrometheusMeterRegistry registry, String address, int port) {
        try {
            HTTPServer server =
                    HTTPServer.builder()
                            .hostname(address)
                            .port(port)
                            .registry(registry.getPrometheusRegistry())
                            .buildAndStart();
            log.info(
                    "Metrics endpoint started url=http://{}:{}/metrics", address, server.getPort());
            return new MetricsServer(server);
        } catch (IOException e) {
            throw new LatentwatchException(
                    String.format(
                            "Cannot serve metrics on %s:%d: %s; choose another metrics port",
                            address, port, e.getMessage()),
                    e);
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
