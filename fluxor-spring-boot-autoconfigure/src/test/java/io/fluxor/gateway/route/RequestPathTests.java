package io.fluxor.gateway.route;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestPathTests {

	@Test
	void aPlainPathIsReturnedAsItIs() {
		String path = "/api/orders/42";
		assertThat(RequestPath.normalize(path)).isSameAs(path);
		assertThat(RequestPath.normalize("/")).isEqualTo("/");
		String dotted = "/files/report.v2.json";
		assertThat(RequestPath.normalize(dotted)).isSameAs(dotted);
	}

	@Test
	void encodedUnreservedCharactersAreDecodedAndOthersKept() {
		assertThat(RequestPath.normalize("/%61dmin")).isEqualTo("/admin");
		assertThat(RequestPath.normalize("/a%7Eb%2d%5F")).isEqualTo("/a~b-_");
		assertThat(RequestPath.normalize("/a%20b/%3F")).isEqualTo("/a%20b/%3F");
		assertThat(RequestPath.normalize("/a%zz/%4")).isEqualTo("/a%zz/%4");
	}

	@Test
	void dotSegmentsAreRemovedAndNeverClimbAboveTheRoot() {
		assertThat(RequestPath.normalize("/public/../admin")).isEqualTo("/admin");
		assertThat(RequestPath.normalize("/public/%2e%2E/admin")).isEqualTo("/admin");
		assertThat(RequestPath.normalize("/a/./b/.")).isEqualTo("/a/b/");
		assertThat(RequestPath.normalize("/a/b/..")).isEqualTo("/a/");
		assertThat(RequestPath.normalize("/../../etc")).isEqualTo("/etc");
		assertThat(RequestPath.normalize("/files/report.v2.json")).isEqualTo("/files/report.v2.json");
		assertThat(RequestPath.normalize("/a/...b/..")).isEqualTo("/a/");
	}

	@Test
	void anEncodedSlashOrBackslashIsRefused() {
		assertThat(RequestPath.normalize("/admin%2Fusers")).isNull();
		assertThat(RequestPath.normalize("/admin%2fusers")).isNull();
		assertThat(RequestPath.normalize("/public%5C..%5Cadmin")).isNull();
	}

	@Test
	void aPathAnUpstreamMayReadAsAnotherIsRefused() {
		// a servlet container serves /admin;x as /admin; some servers read a backslash as a slash
		for (String path : new String[] { "/admin;x", "/admin;jsessionid=1/users", "/admin%3Bx", "/admin%3bx",
				"/public\\..\\admin", "/admin%00.json" }) {
			assertThat(RequestPath.normalize(path)).as(path).isNull();
		}
	}

}
