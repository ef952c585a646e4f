package io.fluxor.gateway.proxy;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Gzip (RFC 1952) of one response body, chunk by chunk: each chunk is deflated with a sync flush,
 * so the client receives what the upstream has sent so far instead of waiting for the deflater's
 * window to fill. Costs a little ratio on small chunks; keeps streaming responses streaming.
 *
 * <p>One encoder per response, used from one thread at a time. {@link #end()} frees the deflater's
 * native memory and must be called however the body ends.
 */
final class GzipEncoder {

	private static final byte[] HEADER = { 0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff };

	private final Deflater deflater;

	private final CRC32 crc = new CRC32();

	private boolean headerWritten;

	private boolean ended;

	GzipEncoder(int level) {
		this.deflater = new Deflater(level, true);
	}

	/**
	 * Deflates a chunk with a sync flush; the chunk is read, not released.
	 */
	ByteBuf encode(ByteBuf chunk) {
		int readable = chunk.readableBytes();
		ByteBuf out = Unpooled.buffer(readable + (readable >> 3) + 64);
		writeHeader(out);
		if (readable > 0) {
			ByteBuffer input = chunk.nioBuffer();
			this.crc.update(input.duplicate());
			this.deflater.setInput(input);
			while (!this.deflater.needsInput()) {
				deflate(out, Deflater.NO_FLUSH);
			}
		}
		// a sync flush emits everything buffered; the output is complete when it does not fill the buffer
		while (deflate(out, Deflater.SYNC_FLUSH)) {
			// buffer was full: grow and flush again
		}
		return out;
	}

	/**
	 * Finishes the stream: the last deflate block and the CRC and length trailer.
	 */
	ByteBuf finish() {
		ByteBuf out = Unpooled.buffer(64);
		writeHeader(out);
		this.deflater.finish();
		while (!this.deflater.finished()) {
			deflate(out, Deflater.NO_FLUSH);
		}
		out.writeIntLE((int) this.crc.getValue());
		out.writeIntLE((int) this.deflater.getBytesRead());
		return out;
	}

	/**
	 * Compresses a whole body at once and frees the deflater.
	 */
	ByteBuf encodeAll(ByteBuffer body) {
		try {
			ByteBuf first = encode(Unpooled.wrappedBuffer(body));
			return Unpooled.wrappedBuffer(first, finish());
		}
		finally {
			end();
		}
	}

	/**
	 * Frees the deflater; later calls do nothing.
	 */
	void end() {
		if (!this.ended) {
			this.ended = true;
			this.deflater.end();
		}
	}

	/**
	 * Deflates into the free space of {@code out}, growing it first when full; returns whether the
	 * deflater filled all the space it had (so it may have more to give).
	 */
	private boolean deflate(ByteBuf out, int flush) {
		if (out.writableBytes() < 16) {
			out.ensureWritable(Math.max(64, out.capacity()));
		}
		int space = out.writableBytes();
		int written = this.deflater.deflate(out.array(), out.arrayOffset() + out.writerIndex(), space, flush);
		out.writerIndex(out.writerIndex() + written);
		return written == space;
	}

	private void writeHeader(ByteBuf out) {
		if (!this.headerWritten) {
			this.headerWritten = true;
			out.writeBytes(HEADER);
		}
	}

}
