package io.fluxor.gateway.proxy;

/**
 * Gzip compression of a route's responses, for clients that accept it.
 *
 * <p>Per route rather than Reactor Netty's server-wide {@code compress(minSize)}: the level is the
 * usual speed-for-size trade-off (1 fastest, 9 smallest; 6 is zlib's own default) and differs
 * between, say, a JSON API and a route of large documents.
 *
 * @param level deflate level, 1 to 9
 * @param minSize smallest response body, in bytes, worth compressing; bodies of unknown length are
 * always compressed
 */
public record CompressionOptions(int level, long minSize) {

	/** Default level: zlib's own balance of speed and size. */
	public static final int DEFAULT_LEVEL = 6;

	/** Default minimum size: 2 KB, below which gzip's header and CPU cost outweigh the gain. */
	public static final long DEFAULT_MIN_SIZE = 2048;

	/** Default options. */
	public static final CompressionOptions DEFAULTS = new CompressionOptions(DEFAULT_LEVEL, DEFAULT_MIN_SIZE);

	/**
	 * Validates the options.
	 */
	public CompressionOptions {
		if (level < 1 || level > 9) {
			throw new IllegalArgumentException("level must be between 1 and 9 but was " + level);
		}
		if (minSize < 0) {
			throw new IllegalArgumentException("min-size must not be negative but was " + minSize);
		}
	}

}
