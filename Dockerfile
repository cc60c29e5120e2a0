# The Latentwatch image of the compose stack: one image for train, detect, produce and alerts.
# Build stage: Maven and a JDK; run stage: a JRE, the jar, its libraries and the bundled data.

FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies first, so that a source change does not download them again.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q -DskipTests -Dspotless.check.skip=true package

FROM eclipse-temurin:17.0.16_8-jre-jammy
# curl for the health check; a user without privileges; /models owned by it, so that a fresh
# named volume mounted there is writable.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --uid 10001 latentwatch \
    && mkdir /models \
    && chown latentwatch /models
COPY --from=build /src/target/latentwatch.jar /opt/latentwatch/latentwatch.jar
COPY --from=build /src/target/lib /opt/latentwatch/lib
COPY src/main/resources/datasets /opt/latentwatch/datasets
# The launcher: one native BLAS thread, as bin/latentwatch sets it; the heap follows the
# container's memory.
RUN printf '%s\n' '#!/bin/sh' \
        'exec java -XX:MaxRAMPercentage=60 -cp "/opt/latentwatch/latentwatch.jar:/opt/latentwatch/lib/*" io.latentwatch.cli.Main "$@"' \
        >/usr/local/bin/latentwatch \
    && chmod 755 /usr/local/bin/latentwatch
ENV OMP_NUM_THREADS=1
USER latentwatch
WORKDIR /home/latentwatch
EXPOSE 9464
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s --retries=3 \
    CMD curl -fsS http://127.0.0.1:9464/health/ready || exit 1
ENTRYPOINT ["latentwatch"]
CMD ["detect"]
