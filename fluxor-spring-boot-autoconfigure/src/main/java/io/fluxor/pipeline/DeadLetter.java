package io.fluxor.pipeline;

/**
 * The body sent to a stage's dead-letter event-bus address for an item that failed.
 *
 * @param pipeline the pipeline name
 * @param stage the stage name
 * @param item the item that failed
 * @param error the failure
 */
public record DeadLetter(String pipeline, String stage, Object item, Throwable error) {
}
