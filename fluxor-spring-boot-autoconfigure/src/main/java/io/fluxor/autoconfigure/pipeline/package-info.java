/**
 * Spring Boot auto-configuration of pipelines: {@code fluxor.pipelines.NAME} properties that wire
 * stage beans by name, life cycle with the application context, metrics and health.
 */
package io.fluxor.autoconfigure.pipeline;
