package io.fluxor.autoconfigure.verticle;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks a Spring bean as a verticle: it is deployed when the context starts, its
 * {@link io.fluxor.verticle.Consume @Consume} methods consume event-bus addresses on the instance's
 * event loop, and its {@link io.fluxor.verticle.OnStart @OnStart} and
 * {@link io.fluxor.verticle.OnStop @OnStop} methods run when it starts and stops.
 *
 * <p>This stereotype lives in the auto-configuration rather than beside {@code @Consume} because
 * it is meta-annotated {@link Component @Component}, and the runtime packages must stay free of
 * Spring. Objects deployed without Spring need no class annotation at all: see
 * {@link io.fluxor.verticle.VerticleDeployer}.
 *
 * <p>With {@code instances} above 1, the bean is the first instance and each further one is created
 * (and autowired) by the bean factory like a prototype; a bean of scope prototype is asked for each
 * instance.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface Verticle {

	/**
	 * The bean name, if any.
	 * @return the bean name, or empty for a generated one
	 */
	@AliasFor(annotation = Component.class)
	String value() default "";

	/**
	 * The verticle's name in deployments, logs, health and the {@code verticle} metrics tag.
	 * @return the name, or empty for the bean name
	 */
	String name() default "";

	/**
	 * How many instances to deploy, each pinned to its own event loop (round-robin).
	 * @return the number of instances
	 */
	int instances() default 1;

	/**
	 * Whether the {@code @Consume} methods block, so run on the worker pool (one message at a time
	 * per instance) instead of on the event loop.
	 * @return whether this is a worker verticle
	 */
	boolean worker() default false;

}
