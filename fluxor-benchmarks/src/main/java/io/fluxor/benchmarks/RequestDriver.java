package io.fluxor.benchmarks;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a bounded number of requests in flight and counts their replies. From an external thread
 * the benchmark thread issues requests itself and waits for window space; from the caller loop, the
 * driver starts a batch there and every reply (which arrives on that same loop) issues the next
 * request, the way a verticle would pipeline its calls.
 */
final class RequestDriver {

	private final BusHarness bus;

	private final Completions replies = new Completions(1);

	private final AtomicLong failures = new AtomicLong();

	private final Runnable startBatch = this::startBatchOnLoop;

	private final boolean chained;

	private int window;

	/** Requests of the batch still to issue; touched only by the caller loop when chained. */
	private int toIssue;

	private long issued;

	RequestDriver(BusHarness bus, boolean fromLoop) {
		this.bus = bus;
		this.chained = fromLoop;
		bus.replyTo(this);
	}

	/**
	 * Runs one batch of requests with at most {@code window} in flight and returns once every reply
	 * has arrived.
	 * @param batch the number of requests
	 * @param window the maximum in flight
	 */
	void runBatch(int batch, int window) {
		long target = this.issued + batch;
		if (this.chained) {
			this.window = window;
			this.toIssue = batch;
			this.issued = target;
			this.bus.onCallerLoop(this.startBatch);
		}
		else {
			for (int i = 0; i < batch; i++) {
				if (this.issued - this.replies.sum() >= window) {
					this.replies.awaitAtLeast(this.issued - window + 1);
				}
				this.issued++;
				this.bus.request();
			}
		}
		this.replies.awaitAtLeast(target);
	}

	private void startBatchOnLoop() {
		int first = Math.min(this.window, this.toIssue);
		this.toIssue -= first;
		for (int i = 0; i < first; i++) {
			this.bus.request();
		}
	}

	/**
	 * Called with each answer, on whichever thread the bus completes it.
	 * @param succeeded whether it was a reply rather than a failure
	 */
	void replied(boolean succeeded) {
		if (!succeeded) {
			this.failures.incrementAndGet();
		}
		this.replies.addAtomic(0);
		if (this.chained && this.toIssue > 0) {
			this.toIssue--;
			this.bus.request();
		}
	}

	long failures() {
		return this.failures.get();
	}

}
