package io.fluxor.gateway.proxy;

/**
 * Reads whether a client's {@code Accept-Encoding} admits gzip (RFC 9110 §12.5.3): the weight of its
 * {@code gzip} (or {@code x-gzip}) entry, else of its {@code *} entry, must be above zero. Codings
 * and the {@code q} parameter are case-insensitive and whitespace may surround the {@code ;}, so
 * {@code gzip; q=0} refuses gzip. Scans the header in place, without allocating.
 */
final class AcceptEncoding {

	private static final int ABSENT = -1;

	private static final int REFUSED = 0;

	private static final int ACCEPTED = 1;

	private AcceptEncoding() {
	}

	/**
	 * Returns whether a response may be gzipped for a client.
	 * @param header the client's {@code Accept-Encoding}, or {@code null}
	 * @return whether gzip is acceptable
	 */
	static boolean acceptsGzip(String header) {
		if (header == null) {
			return false;
		}
		int gzip = ABSENT;
		int any = ABSENT;
		int length = header.length();
		int start = 0;
		while (start < length) {
			int end = header.indexOf(',', start);
			if (end < 0) {
				end = length;
			}
			int parameters = header.indexOf(';', start);
			int nameEnd = (parameters >= 0 && parameters < end) ? parameters : end;
			int from = skipSpace(header, start, nameEnd);
			int to = trimEnd(header, from, nameEnd);
			if (is(header, from, to, "gzip") || is(header, from, to, "x-gzip")) {
				gzip = weight(header, nameEnd, end);
			}
			else if (is(header, from, to, "*")) {
				any = weight(header, nameEnd, end);
			}
			start = end + 1;
		}
		return (gzip != ABSENT) ? gzip == ACCEPTED : any == ACCEPTED;
	}

	/** The weight of an entry from its parameters: accepted unless a {@code q} of zero says otherwise. */
	private static int weight(String header, int from, int end) {
		int position = from;
		while (position < end) {
			int next = header.indexOf(';', position + 1);
			if (next < 0 || next > end) {
				next = end;
			}
			int name = skipSpace(header, position + 1, next);
			if (name + 1 < next && (header.charAt(name) == 'q' || header.charAt(name) == 'Q')) {
				int equals = skipSpace(header, name + 1, next);
				if (equals < next && header.charAt(equals) == '=') {
					// a qvalue is 0 to 1 with up to three decimals: above zero exactly when a digit is
					for (int i = equals + 1; i < next; i++) {
						char c = header.charAt(i);
						if (c >= '1' && c <= '9') {
							return ACCEPTED;
						}
					}
					return REFUSED;
				}
			}
			position = next;
		}
		return ACCEPTED;
	}

	private static boolean is(String header, int from, int to, String coding) {
		return to - from == coding.length() && header.regionMatches(true, from, coding, 0, coding.length());
	}

	private static int skipSpace(String header, int from, int to) {
		int position = from;
		while (position < to && isSpace(header.charAt(position))) {
			position++;
		}
		return position;
	}

	private static int trimEnd(String header, int from, int to) {
		int position = to;
		while (position > from && isSpace(header.charAt(position - 1))) {
			position--;
		}
		return position;
	}

	private static boolean isSpace(char c) {
		return c == ' ' || c == '\t';
	}

}
