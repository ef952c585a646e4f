# Container image for the Fluxor sample app.
#
# Build the jar first (Maven needs the network, the image build does not):
#   ./mvnw -q -DskipTests package
#   docker build -t fluxor-sample-app .
#
# Stage 1 splits the Spring Boot jar into its layers; stage 2 copies them from the least to the
# most often changing, so a code change rebuilds only the small `application` layer.
FROM eclipse-temurin:17-jre AS layers
WORKDIR /build
COPY fluxor-sample-app/target/fluxor-sample-app.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:17-jre
# A fixed numeric id, so Kubernetes' runAsNonRoot can check it without resolving a name.
RUN groupadd --system --gid 10001 fluxor \
    && useradd --system --uid 10001 --gid fluxor --home-dir /app --shell /usr/sbin/nologin fluxor
WORKDIR /app
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
USER 10001:10001
# 8080: Fluxor gateway (fluxor.gateway.port); 8081: Actuator (management.server.port).
EXPOSE 8080 8081
# Size the heap from the container's memory limit; add JVM flags with JAVA_TOOL_OPTIONS and
# application arguments after the image name.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", \
            "org.springframework.boot.loader.launch.JarLauncher"]
