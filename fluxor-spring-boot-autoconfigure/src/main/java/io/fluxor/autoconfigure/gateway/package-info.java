/**
 * Spring Boot glue of the gateway: {@link io.fluxor.autoconfigure.gateway.GatewayProperties}
 * ({@code fluxor.gateway.*}), the server's beans and lifecycle, startup validation with a failure
 * analyzer, and the Micrometer metrics binding.
 */
package io.fluxor.autoconfigure.gateway;
