package io.fluxor.eventbus;

import io.fluxor.eventloop.EventLoop;

/**
 * A registration of a handler at an address; {@link #unregister()} removes it. Safe to call while
 * messages flow: messages already dispatched to the handler's loop still run.
 */
public interface MessageConsumer {

	/**
	 * Returns the address.
	 * @return the address
	 */
	String address();

	/**
	 * Returns the loop the handler runs on.
	 * @return the loop
	 */
	EventLoop loop();

	/**
	 * Removes the handler from the address.
	 */
	void unregister();

}
