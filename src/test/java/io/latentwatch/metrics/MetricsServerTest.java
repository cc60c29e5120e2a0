package io.latentwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldAnswerReadyOnlyWhileTheDetectorIsReady() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicBoolean ready = new AtomicBoolean(false);

        try (MetricsServer server = MetricsServer.start(registry, "127.0.0.1", 0, ready::get)) {
            HttpResponse<String> notYet = get(server, "/health/ready");
            ready.set(true);
            HttpResponse<String> now = get(server, "/health/ready");

            assertThat(notYet.statusCode()).isEqualTo(503);
            assertThat(notYet.body()).isEqualTo("not ready\n");
            assertThat(now.statusCode()).isEqualTo(200);
            assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);
            assertThat(get(server, "/metrics").statusCode()).isEqualTo(200);
            assertThat(get(server, "/nothing/here").statusCode()).isEqualTo(404);
        }
    }

    private HttpResponse<String> get(MetricsServer server, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
