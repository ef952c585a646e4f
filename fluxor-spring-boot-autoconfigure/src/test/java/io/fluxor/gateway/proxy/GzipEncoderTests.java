package io.fluxor.gateway.proxy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GzipEncoderTests {

	@Test
	void aWholeBodyIsCompressedAtTheLevelGivenAsTheJdksGzipDoesAtThatLevel() throws IOException {
		byte[] text = words(64 * 1024);
		byte[] fastest = encodeAll(1, text);
		byte[] best = encodeAll(9, text);
		assertThat(gunzip(fastest)).isEqualTo(text);
		assertThat(gunzip(best)).isEqualTo(text);
		// level 1 leaves this text a third larger than level 9 does; level 6 about as small as 9
		assertThat((double) fastest.length).as("level 1 against level 9").isGreaterThan(best.length * 1.2);
		assertThat(fastest.length).as("level 1").isCloseTo(jdkGzip(1, text), within(jdkGzip(1, text) / 50));
		assertThat(best.length).as("level 9").isCloseTo(jdkGzip(9, text), within(jdkGzip(9, text) / 50));
	}

	@Test
	void aBodyEncodedChunkByChunkIsCompressedAtTheLevelGiven() throws IOException {
		byte[] text = words(64 * 1024);
		byte[] fastest = encodeInChunks(1, text, 8 * 1024);
		byte[] best = encodeInChunks(9, text, 8 * 1024);
		assertThat(gunzip(fastest)).isEqualTo(text);
		assertThat(gunzip(best)).isEqualTo(text);
		assertThat((double) fastest.length).as("level 1 against level 9").isGreaterThan(best.length * 1.2);
	}

	/**
	 * Returns about {@code size} bytes of text: words drawn from a small vocabulary with a fixed
	 * seed, which deflate's levels compress to clearly different sizes (unlike one word repeated).
	 */
	static byte[] words(int size) {
		String[] vocabulary = ("the quick brown fox jumps over lazy dog fluxor gateway route upstream cache breaker "
				+ "token bucket level gzip deflate stream reactor netty spring boot actuator endpoint").split(" ");
		Random random = new Random(42);
		StringBuilder text = new StringBuilder(size + 16);
		while (text.length() < size) {
			text.append(vocabulary[random.nextInt(vocabulary.length)]).append((random.nextInt(10) == 0) ? ".\n" : " ");
		}
		return text.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] encodeAll(int level, byte[] body) {
		ByteBuf encoded = new GzipEncoder(level).encodeAll(ByteBuffer.wrap(body));
		try {
			return ByteBufUtil.getBytes(encoded);
		}
		finally {
			encoded.release();
		}
	}

	private static byte[] encodeInChunks(int level, byte[] body, int chunkSize) {
		GzipEncoder encoder = new GzipEncoder(level);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			for (int offset = 0; offset < body.length; offset += chunkSize) {
				ByteBuf chunk = Unpooled.wrappedBuffer(body, offset, Math.min(chunkSize, body.length - offset));
				append(out, encoder.encode(chunk));
				chunk.release();
			}
			append(out, encoder.finish());
		}
		finally {
			encoder.end();
		}
		return out.toByteArray();
	}

	private static void append(ByteArrayOutputStream out, ByteBuf encoded) {
		try {
			out.writeBytes(ByteBufUtil.getBytes(encoded));
		}
		finally {
			encoded.release();
		}
	}

	/** The size of the JDK's own gzip of {@code body} at {@code level}. */
	private static int jdkGzip(int level, byte[] body) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (GZIPOutputStream out = new GZIPOutputStream(bytes) {
			{
				this.def.setLevel(level);
			}
		}) {
			out.write(body);
		}
		return bytes.size();
	}

	private static byte[] gunzip(byte[] bytes) throws IOException {
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
			return in.readAllBytes();
		}
	}

}
