/**
 * Spring Boot glue of the verticles: the {@link io.fluxor.autoconfigure.verticle.Verticle @Verticle}
 * stereotype, {@code fluxor.verticle.*} properties, and the deployment of {@code @Verticle} beans
 * with the application context.
 */
package io.fluxor.autoconfigure.verticle;
