/**
 * Ready-made {@link io.fluxor.pipeline.Extractor extractors}: in-memory items, a queue polled
 * forever, the lines of a file.
 */
package io.fluxor.pipeline.extractor;
