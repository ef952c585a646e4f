package io.fluxor.eventloop;

import java.time.Duration;
import java.util.Objects;

/**
 * The phases of the {@link WaitStrategyType#PHASED phased} wait strategy: how long an idle loop
 * spins, then how long it yields, before it parks until a producer wakes it.
 *
 * <p>Spinning and yielding shorten the hand-off to a loop that has just gone idle, at the price of
 * the CPU they burn. That CPU is taken from the threads that feed the loop (Netty's I/O threads)
 * unless the machine has cores to spare, so by default the loop neither spins nor yields on
 * purpose: it looks at the clock only every 256 spins, so it still spins a few microseconds before
 * it parks. On 2 cores, the sample's echo route served about half the
 * requests with a 20 µs spin and 50 µs yield, and also with a 10 µs yield alone, than with none.
 *
 * @param spinTimeout how long an idle loop spins, zero or more
 * @param yieldTimeout how long it then yields the processor, zero or more
 */
public record PhasedBackoff(Duration spinTimeout, Duration yieldTimeout) {

	/** Default spin: none. */
	public static final Duration DEFAULT_SPIN_TIMEOUT = Duration.ZERO;

	/** Default yield: none. */
	public static final Duration DEFAULT_YIELD_TIMEOUT = Duration.ZERO;

	/** The default phases. */
	public static final PhasedBackoff DEFAULT = new PhasedBackoff(DEFAULT_SPIN_TIMEOUT, DEFAULT_YIELD_TIMEOUT);

	public PhasedBackoff {
		Objects.requireNonNull(spinTimeout, "spinTimeout");
		Objects.requireNonNull(yieldTimeout, "yieldTimeout");
		if (spinTimeout.isNegative()) {
			throw new IllegalArgumentException("spinTimeout must not be negative but was " + spinTimeout);
		}
		if (yieldTimeout.isNegative()) {
			throw new IllegalArgumentException("yieldTimeout must not be negative but was " + yieldTimeout);
		}
	}

}
