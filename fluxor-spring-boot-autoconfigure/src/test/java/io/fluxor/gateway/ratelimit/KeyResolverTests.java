package io.fluxor.gateway.ratelimit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.fluxor.gateway.security.JwtVerifier;
import io.fluxor.gateway.security.JwtVerifierOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KeyResolverTests {

	private static final byte[] SECRET = "a-secret-of-at-least-thirty-two-bytes!!".getBytes(StandardCharsets.UTF_8);

	private final JwtVerifier verifier = new JwtVerifier(JwtVerifierOptions.hmac(SECRET));

	private final TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8", "fd00::/8"));

	@Test
	void everyKeySourceFormParsesAndPrintsBack() {
		for (String form : List.of("header:X-User-ID", "query:user", "cookie:session", "form:user", "basic-auth",
				"jwt:sub", "ip")) {
			assertThat(KeySource.parse(form)).hasToString(form);
		}
		assertThat(KeySource.parse("HEADER:X-User-ID").kind()).isEqualTo(KeySource.Kind.HEADER);
	}

	@Test
	void anUnknownKeySourceIsRefusedListingTheAllowedForms() {
		assertThatIllegalArgumentException().isThrownBy(() -> KeySource.parse("session:id"))
			.withMessage("Unknown key source 'session:id'; allowed forms: header:NAME, query:NAME, cookie:NAME, "
					+ "form:NAME, basic-auth, jwt:CLAIM, ip");
		assertThatIllegalArgumentException().isThrownBy(() -> KeySource.parse("header:"))
			.withMessageContaining("needs a name");
		assertThatIllegalArgumentException().isThrownBy(() -> KeySource.parse("ip:1.2.3.4"))
			.withMessageContaining("takes no name");
	}

	@Test
	void theFirstSourceThatYieldsAValueWins() {
		KeyResolver resolver = resolver("header:X-User-ID", "query:user", "ip");
		assertThat(resolver.resolve(TestRequest.from("192.0.2.1").query("user", "bob").header("X-User-ID", "alice")))
			.isEqualTo("header:alice");
		assertThat(resolver.resolve(TestRequest.from("192.0.2.1").query("user", "bob"))).isEqualTo("query:bob");
		assertThat(resolver.resolve(TestRequest.from("192.0.2.1"))).isEqualTo("ip:192.0.2.1");
	}

	@Test
	void whenNoSourceYieldsAKeyTheClientAddressIsUsed() {
		KeyResolver resolver = resolver("header:X-User-ID", "cookie:session");
		assertThat(resolver.resolve(TestRequest.from("192.0.2.9").header("X-User-ID", " "))).isEqualTo("ip:192.0.2.9");
		assertThat(resolver.resolve(TestRequest.from(null))).isEqualTo(KeyResolver.UNKNOWN_KEY);
	}

	@Test
	void cookiesFormFieldsAndBasicAuthYieldKeys() {
		assertThat(resolver("cookie:session").resolve(TestRequest.from("192.0.2.1").cookie("session", "s1")))
			.isEqualTo("cookie:s1");
		assertThat(resolver("form:user").resolve(TestRequest.from("192.0.2.1").form("a=1&user=carol%20c")))
			.isEqualTo("form:carol c");
		String basic = "Basic " + Base64.getEncoder().encodeToString("dave:pw".getBytes(StandardCharsets.UTF_8));
		assertThat(resolver("basic-auth").resolve(TestRequest.from("192.0.2.1").header("Authorization", basic)))
			.isEqualTo("basic-auth:dave");
		assertThat(resolver("basic-auth").resolve(TestRequest.from("192.0.2.1").header("Authorization", "Basic %%%")))
			.isEqualTo("ip:192.0.2.1");
	}

	@Test
	void aVerifiedJwtClaimIsTheKeyAndAnUnsignedOneIsNeverTrusted() throws Exception {
		KeyResolver resolver = resolver("jwt:sub", "ip");
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("erin")
			.expirationTime(Date.from(Instant.now().plusSeconds(60)))
			.build();
		SignedJWT signed = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		signed.sign(new MACSigner(SECRET));
		assertThat(resolver.resolve(TestRequest.from("192.0.2.1").header("Authorization", "Bearer " + signed.serialize())))
			.isEqualTo("jwt:erin");
		String unsigned = new PlainJWT(claims).serialize();
		assertThat(resolver.resolve(TestRequest.from("192.0.2.1").header("Authorization", "Bearer " + unsigned)))
			.isEqualTo("ip:192.0.2.1");
	}

	@Test
	void aJwtSourceWithoutAVerifierIsAConfigurationError() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KeyResolver.parse(List.of("jwt:sub"), null, TrustedProxies.none()))
			.withMessageContaining("needs a JWT verifier");
	}

	@Test
	void aLongKeyIsHeldAsADigestSoThatBucketsStayBoundedInMemory() {
		KeyResolver resolver = resolver("header:X-User-ID", "ip");
		String alice = "alice-".repeat(2000);
		String bob = "bob---".repeat(2000);
		String key = resolver.resolve(TestRequest.from("198.51.100.7").header("X-User-ID", alice));
		assertThat(key).startsWith("header:").hasSizeLessThanOrEqualTo(KeyResolver.MAX_KEY_LENGTH);
		assertThat(resolver.resolve(TestRequest.from("198.51.100.8").header("X-User-ID", alice))).isEqualTo(key);
		assertThat(resolver.resolve(TestRequest.from("198.51.100.7").header("X-User-ID", bob))).isNotEqualTo(key);
		assertThat(resolver.resolve(TestRequest.from("198.51.100.7").header("X-User-ID", "carol"))).isEqualTo("header:carol");
	}

	@Test
	void forwardedForIsIgnoredWhenThePeerIsNotATrustedProxy() {
		KeyResolver resolver = resolver("ip");
		TestRequest spoofed = TestRequest.from("198.51.100.7").header("X-Forwarded-For", "203.0.113.1");
		assertThat(resolver.resolve(spoofed)).isEqualTo("ip:198.51.100.7");
	}

	@Test
	void behindTrustedProxiesTheRightMostUntrustedAddressIsTheClient() {
		KeyResolver resolver = resolver("ip");
		TestRequest request = TestRequest.from("10.0.0.2")
			.header("X-Forwarded-For", "1.1.1.1, 203.0.113.5")
			.header("X-Forwarded-For", "10.0.0.9");
		assertThat(resolver.resolve(request)).as("the client-written 1.1.1.1 is never reached")
			.isEqualTo("ip:203.0.113.5");
	}

	@Test
	void forwardedForFromTrustedIpv6ProxiesIsHonoured() {
		KeyResolver resolver = resolver("ip");
		TestRequest request = TestRequest.from("fd00::1").header("X-Forwarded-For", "[2001:db8::7]:443, fd00::2");
		assertThat(resolver.resolve(request)).isEqualTo("ip:2001:db8:0:0:0:0:0:7");
	}

	@Test
	void trustedProxiesWrittenAsIpv4MappedIpv6MatchIpv4Peers() {
		TrustedProxies trusted = TrustedProxies.of(List.of("::ffff:10.0.0.0/104", "::ffff:192.168.1.1"));
		assertThat(trusted.contains(TrustedProxies.parseLiteral("10.1.2.3"))).isTrue();
		assertThat(trusted.contains(TrustedProxies.parseLiteral("::ffff:10.1.2.3"))).isTrue();
		assertThat(trusted.contains(TrustedProxies.parseLiteral("192.168.1.1"))).isTrue();
		assertThat(trusted.contains(TrustedProxies.parseLiteral("11.0.0.1"))).isFalse();
		assertThat(trusted.contains(TrustedProxies.parseLiteral("192.168.1.2"))).isFalse();
		KeyResolver resolver = KeyResolver.parse(List.of("ip"), this.verifier, trusted);
		TestRequest request = TestRequest.from("10.0.0.2").header("X-Forwarded-For", "203.0.113.5");
		assertThat(resolver.resolve(request)).isEqualTo("ip:203.0.113.5");
	}

	@Test
	void garbageInForwardedForStopsAtTheLastTrustedHop() {
		KeyResolver resolver = resolver("ip");
		TestRequest request = TestRequest.from("10.0.0.2").header("X-Forwarded-For", "evil.example, 10.0.0.3");
		assertThat(resolver.resolve(request)).isEqualTo("ip:10.0.0.3");
	}

	@Test
	void trustedProxyRangesMatchByPrefixAndRefuseNonsense() {
		TrustedProxies trusted = TrustedProxies.of(List.of("192.168.0.0/23", "::1"));
		assertThat(trusted.contains(TrustedProxies.parseLiteral("192.168.1.200"))).isTrue();
		assertThat(trusted.contains(TrustedProxies.parseLiteral("192.168.2.1"))).isFalse();
		assertThat(trusted.contains(TrustedProxies.parseLiteral("::1"))).isTrue();
		assertThat(trusted.contains(TrustedProxies.parseLiteral("::2"))).isFalse();
		assertThat(TrustedProxies.parseLiteral("localhost")).as("no name lookup").isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33")))
			.withMessageContaining("between 0 and 32");
		assertThatIllegalArgumentException().isThrownBy(() -> TrustedProxies.of(List.of("proxy.local")))
			.withMessageContaining("not an IP address or CIDR range");
	}

	private KeyResolver resolver(String... sources) {
		return KeyResolver.parse(List.of(sources), this.verifier, this.proxies);
	}

}
