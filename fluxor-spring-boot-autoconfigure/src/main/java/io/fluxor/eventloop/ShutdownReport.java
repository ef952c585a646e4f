package io.fluxor.eventloop;

import java.time.Duration;

/**
 * What an {@link EventLoopGroup} shutdown did.
 *
 * @param drained whether every accepted task ran before the timeout
 * @param abandoned tasks that were accepted but failed with a shutdown error instead of running
 * @param took how long the shutdown took
 */
public record ShutdownReport(boolean drained, int abandoned, Duration took) {
}
