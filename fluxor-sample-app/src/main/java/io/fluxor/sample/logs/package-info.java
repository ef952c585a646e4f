/**
 * The sample's {@code logs} pipeline: walks a log tree, keeps the error lines, writes them to two
 * JSON lines files and counts them live behind {@code GET /api/pipeline/errors}.
 */
package io.fluxor.sample.logs;
