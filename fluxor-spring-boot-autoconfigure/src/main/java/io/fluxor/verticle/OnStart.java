package io.fluxor.verticle;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a verticle method to run when an instance starts, and again on every restart, on the
 * instance's event loop and before its {@link Consume @Consume} methods are registered, so that no
 * message arrives before it has completed.
 *
 * <p>The method takes no parameter or a {@link VerticleContext}. It is synchronous when it returns
 * {@code void}, asynchronous when it returns a {@link java.util.concurrent.CompletionStage
 * CompletionStage} or a Reactor {@code Mono}: the instance starts when that completes. A thrown
 * exception or a failed result is a start failure, which the deployer answers with a restart after
 * a backoff. A restart reuses the same object, so the method should (re)initialise the state it needs.
 *
 * <p>Start hooks of a superclass run before those of its subclasses.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnStart {

}
