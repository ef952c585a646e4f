package io.fluxor.verticle;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a verticle method to run when an instance is undeployed, on the instance's event loop. Its
 * consumers stay registered until it has completed, so that it can still finish the work in
 * flight; they are unregistered right after.
 *
 * <p>The method takes no parameter or a {@link VerticleContext} and returns {@code void}, a
 * {@link java.util.concurrent.CompletionStage CompletionStage} or a Reactor {@code Mono}. A failure
 * is logged; the instance stops anyway. It is not called after a crash or a failed start.
 *
 * <p>Stop hooks of a subclass run before those of its superclasses.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnStop {

}
