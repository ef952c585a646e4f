package io.fluxor.autoconfigure.eventloop;

import io.fluxor.eventloop.EventLoopOptions;

/**
 * Adjusts the event-loop options after the {@code fluxor.event-loop.*} properties were applied.
 */
@FunctionalInterface
public interface EventLoopOptionsCustomizer {

	/**
	 * Returns the options to use instead of the given ones.
	 * @param options the options built so far
	 * @return the customized options
	 */
	EventLoopOptions customize(EventLoopOptions options);

}
