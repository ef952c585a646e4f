package io.fluxor.benchmarks;

/**
 * One event bus under test, set up identically on both sides: two event loops, a caller loop
 * (loop 0) and consumers spread as follows: the send consumer and the request responder on loop 1,
 * four publish consumers alternating over loops 0 and 1. Every consumer only counts what it gets,
 * and the responder replies with the body it received, so each side does the same work per message.
 */
interface BusHarness extends AutoCloseable {

	/** Address of the single consumer that sends go to. */
	String SEND_ADDRESS = "bench.send";

	/** Address of the four publish consumers. */
	String PUBLISH_ADDRESS = "bench.publish";

	/** Address of the responder that echoes requests. */
	String REQUEST_ADDRESS = "bench.request";

	/** Number of publish consumers. */
	int PUBLISH_CONSUMERS = 4;

	/** A small immutable body: no copy, no codec work on either side. */
	Integer BODY = 42;

	/** Sends one message to the send consumer. */
	void send();

	/** Publishes one message to the four publish consumers. */
	void publish();

	/**
	 * Sets who hears about the answers to {@link #request()}; called once, before any request.
	 * @param driver the driver that counts replies and may issue the next request
	 */
	void replyTo(RequestDriver driver);

	/** Sends one request to the responder; its answer is reported to the driver. */
	void request();

	/**
	 * Runs a task on the caller loop (loop 0), as a verticle living there would.
	 * @param task the task
	 */
	void onCallerLoop(Runnable task);

	/** Describes which thread each consumer runs on, for the benchmark log. */
	String placement();

	@Override
	void close() throws Exception;

}
