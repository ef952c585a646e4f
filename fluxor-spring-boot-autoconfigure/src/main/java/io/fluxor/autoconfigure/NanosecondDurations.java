package io.fluxor.autoconfigure;

import java.time.Duration;

/**
 * The bound every configured duration shares: the runtime counts timeouts, periods and backoffs in
 * nanoseconds (a {@code long}), so a duration longer than that count holds would overflow, at
 * startup or on a request. Each capability refuses it with its own exception and property path,
 * with the same words.
 */
public final class NanosecondDurations {

	/** The longest duration in whole days a count of nanoseconds holds: about 292 years. */
	public static final long MAX_DAYS = 106751;

	/** {@link #MAX_DAYS} as a duration. */
	public static final Duration MAX = Duration.ofDays(MAX_DAYS);

	private NanosecondDurations() {
	}

	/**
	 * Returns whether a duration is too long to be counted in nanoseconds.
	 * @param duration the duration
	 * @return whether it is longer than {@link #MAX}
	 */
	public static boolean isTooLong(Duration duration) {
		return duration.compareTo(MAX) > 0;
	}

	/**
	 * Returns why a duration is refused, to follow its property path.
	 * @param duration the duration, longer than {@link #MAX}
	 * @return the reason, e.g. {@code must be at most 106751d but was PT24000000H}
	 */
	public static String tooLong(Duration duration) {
		return "must be at most " + MAX_DAYS + "d but was " + duration;
	}

}
