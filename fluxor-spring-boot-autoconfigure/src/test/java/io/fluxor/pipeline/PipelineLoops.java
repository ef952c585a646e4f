package io.fluxor.pipeline;

import java.time.Duration;

import io.fluxor.eventloop.EventLoopGroup;
import io.fluxor.eventloop.EventLoopOptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The event loops the pipelines of a test class run on: two loops and a small worker pool, started
 * before the class's first test and shut down after its last. Register it as a static field with
 * {@code @RegisterExtension}.
 */
public final class PipelineLoops implements BeforeAllCallback, AfterAllCallback {

	private EventLoopGroup group;

	@Override
	public void beforeAll(ExtensionContext context) {
		this.group = new EventLoopGroup(
				EventLoopOptions.defaults().withCount(2).withRingBufferSize(1024).withWorkers(2, 16))
			.start();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		this.group.shutdown(Duration.ofSeconds(2));
	}

	/**
	 * Returns the running loops.
	 * @return the group
	 */
	public EventLoopGroup group() {
		return this.group;
	}

}
