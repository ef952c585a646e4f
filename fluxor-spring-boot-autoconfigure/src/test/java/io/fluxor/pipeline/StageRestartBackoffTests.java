package io.fluxor.pipeline;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The back-off between restarts of a clogged stage. */
class StageRestartBackoffTests {

	private static long nanos(Duration duration) {
		return duration.toNanos();
	}

	@Test
	void theDelayDoublesPerAttemptUpToTheCap() {
		long initial = nanos(Duration.ofMillis(100));
		long max = nanos(Duration.ofSeconds(30));

		assertThat(StageRuntime.restartDelay(initial, max, 0)).isEqualTo(initial);
		assertThat(StageRuntime.restartDelay(initial, max, 1)).isEqualTo(2 * initial);
		assertThat(StageRuntime.restartDelay(initial, max, 3)).isEqualTo(8 * initial);
		assertThat(StageRuntime.restartDelay(initial, max, 20)).isEqualTo(max);
	}

	@Test
	void aLongFirstDelayStaysAtTheCapAfterManyAttemptsInsteadOfOverflowing() {
		long initial = nanos(Duration.ofSeconds(10));
		long max = nanos(Duration.ofMinutes(5));

		for (int attempt = 0; attempt < 100; attempt++) {
			assertThat(StageRuntime.restartDelay(initial, max, attempt)).as("attempt %d", attempt)
				.isBetween(initial, max);
		}
		assertThat(StageRuntime.restartDelay(initial, max, 40)).isEqualTo(max);
	}

}
