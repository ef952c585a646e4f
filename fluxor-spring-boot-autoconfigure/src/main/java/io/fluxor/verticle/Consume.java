package io.fluxor.verticle;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a verticle method as the consumer of an event-bus address. The method runs on the event
 * loop of the verticle instance that declares it (or on the worker pool for a worker verticle).
 *
 * <p>Parameters, in any order, each at most once:
 * <ul>
 * <li>a {@link io.fluxor.eventbus.Message Message}: the message itself (headers, address, manual
 * replies);</li>
 * <li>a {@link VerticleContext}: the instance's context (timers, blocking work, its loop);</li>
 * <li>any other type: the message body, which must be assignable to it (else the request fails with
 * code 400).</li>
 * </ul>
 *
 * <p>The reply to a request is the method's result: a value is replied at once, a
 * {@link java.util.concurrent.CompletionStage CompletionStage} or Reactor {@code Mono} when it
 * completes (an empty {@code Mono} replies {@code null}). A {@code void} method that returns
 * normally replies {@code null}, as an acknowledgement, unless it takes the {@code Message}: then it
 * answers the message itself, now or later. A thrown exception (or a failed future or {@code Mono})
 * fails the request with {@link io.fluxor.eventbus.DeliveryFailure#RECIPIENT_FAILURE}, code 500 or
 * the code of a {@link VerticleFailure}. A method may not return a {@code Flux}: a request has one
 * reply.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Consume {

	/**
	 * The event-bus address to consume.
	 * @return the address
	 */
	String value();

}
