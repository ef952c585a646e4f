package io.fluxor.gateway.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JwtVerifierTests {

	private static final byte[] SECRET = "0123456789abcdef0123456789abcdef!".getBytes(StandardCharsets.UTF_8);

	private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

	private static RSAKey rsa;

	private final JwtVerifier hmac = new JwtVerifier(JwtVerifierOptions.hmac(SECRET)
		.withIssuer("https://issuer.example")
		.withAudience("fluxor")
		.withClock(Clock.fixed(NOW, ZoneOffset.UTC)));

	@BeforeAll
	static void generateKey() throws Exception {
		rsa = new RSAKeyGenerator(2048).keyID("k1").generate();
	}

	@Test
	void aWellSignedTokenYieldsItsClaims() throws Exception {
		JwtVerification verification = this.hmac.verify(hs256(claims()));
		assertThat(verification.isValid()).isTrue();
		assertThat(verification.claims().subject()).isEqualTo("alice");
		assertThat(verification.claims().stringClaim("tier")).isEqualTo("3");
	}

	@Test
	void anUnsignedAlgNoneTokenIsRefused() {
		String none = new PlainJWT(claims()).serialize();
		assertThat(this.hmac.verify(none).failure()).isEqualTo(JwtFailure.UNSIGNED);
		assertThat(this.hmac.verify(none).failure().wwwAuthenticate())
			.isEqualTo("Bearer error=\"invalid_token\", error_description=\"The token is not signed\"");
	}

	@Test
	void anAlgNoneHeaderGraftedOntoASignedTokenIsRefused() throws Exception {
		String[] parts = hs256(claims()).split("\\.");
		String header = Base64.getUrlEncoder().withoutPadding()
			.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
		assertThat(this.hmac.verify(header + "." + parts[1] + "." + parts[2]).isValid()).isFalse();
		assertThat(this.hmac.verify(header + "." + parts[1] + ".").failure()).isEqualTo(JwtFailure.UNSIGNED);
	}

	@Test
	void aTamperedPayloadFailsTheSignature() throws Exception {
		String[] parts = hs256(claims()).split("\\.");
		String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
				new JWTClaimsSet.Builder(claims()).subject("admin").build().toString().getBytes(StandardCharsets.UTF_8));
		assertThat(this.hmac.verify(parts[0] + "." + forged + "." + parts[2]).failure())
			.isEqualTo(JwtFailure.INVALID_SIGNATURE);
	}

	@Test
	void aTokenSignedWithAnotherSecretFailsTheSignature() throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims());
		jwt.sign(new MACSigner("another-secret-of-thirty-two-bytes-at-least".getBytes(StandardCharsets.UTF_8)));
		assertThat(this.hmac.verify(jwt.serialize()).failure()).isEqualTo(JwtFailure.INVALID_SIGNATURE);
	}

	@Test
	void expiredAndNotYetValidTokensAreRefusedBeyondTheClockSkew() throws Exception {
		JWTClaimsSet expired = new JWTClaimsSet.Builder(claims()).expirationTime(Date.from(NOW.minusSeconds(31))).build();
		JWTClaimsSet withinSkew = new JWTClaimsSet.Builder(claims()).expirationTime(Date.from(NOW.minusSeconds(29)))
			.build();
		JWTClaimsSet early = new JWTClaimsSet.Builder(claims()).notBeforeTime(Date.from(NOW.plusSeconds(60))).build();
		JWTClaimsSet noExpiry = new JWTClaimsSet.Builder(claims()).expirationTime(null).build();
		assertThat(this.hmac.verify(hs256(expired)).failure()).isEqualTo(JwtFailure.EXPIRED);
		assertThat(this.hmac.verify(hs256(withinSkew)).isValid()).isTrue();
		assertThat(this.hmac.verify(hs256(early)).failure()).isEqualTo(JwtFailure.NOT_YET_VALID);
		assertThat(this.hmac.verify(hs256(noExpiry)).failure()).isEqualTo(JwtFailure.MISSING_EXPIRATION);
	}

	@Test
	void wrongIssuerOrAudienceIsRefused() throws Exception {
		assertThat(this.hmac.verify(hs256(new JWTClaimsSet.Builder(claims()).issuer("https://evil").build())).failure())
			.isEqualTo(JwtFailure.INVALID_ISSUER);
		assertThat(this.hmac.verify(hs256(new JWTClaimsSet.Builder(claims()).audience("other").build())).failure())
			.isEqualTo(JwtFailure.INVALID_AUDIENCE);
	}

	@Test
	void missingAndMalformedTokensHaveTheirOwnChallenges() {
		assertThat(this.hmac.verify(null).failure().wwwAuthenticate()).isEqualTo("Bearer");
		assertThat(this.hmac.verify("not.a.jwt").failure()).isEqualTo(JwtFailure.MALFORMED);
	}

	@Test
	void aJwksFileVerifiesRs256AndRefusesTheKeyConfusionForgery(@TempDir Path dir) throws Exception {
		Path file = dir.resolve("jwks.json");
		Files.writeString(file, new JWKSet(rsa.toPublicJWK()).toString());
		JwtVerifier verifier = new JwtVerifier(
				JwtVerifierOptions.jwksFile(file).withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
		assertThat(verifier.verify(rs256(claims())).isValid()).isTrue();
		// Key confusion: HS256 signed with the public key's bytes as the HMAC secret.
		SignedJWT forged = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims());
		forged.sign(new MACSigner(rsa.toPublicKey().getEncoded()));
		assertThat(verifier.verify(forged.serialize()).failure()).isEqualTo(JwtFailure.DISALLOWED_ALGORITHM);
	}

	@Test
	void hmacAlgorithmsCannotBeAllowedWithAJwksNorAsymmetricOnesWithASecret(@TempDir Path dir) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JwtVerifierOptions.jwksFile(dir.resolve("x")).withAlgorithms(Set.of("RS256", "HS256")))
			.withMessageContaining("'HS256' is not allowed with a JWKS");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JwtVerifierOptions.hmac(SECRET).withAlgorithms(Set.of("RS256")))
			.withMessageContaining("'RS256' is not allowed with an HMAC secret");
		assertThatIllegalArgumentException().isThrownBy(() -> JwtVerifierOptions.hmac(new byte[16]))
			.withMessageContaining("at least 32 bytes");
		assertThatIllegalArgumentException().isThrownBy(() -> new JwtVerifier(JwtVerifierOptions.jwksFile(dir.resolve("x"))))
			.withMessageContaining("cannot be read");
	}

	@Test
	void anAlgorithmOutsideTheAllowListIsRefused() throws Exception {
		JwtVerifier only512 = new JwtVerifier(JwtVerifierOptions
			.hmac("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8))
			.withAlgorithms(Set.of("HS512"))
			.withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
		assertThat(only512.verify(hs256(claims())).failure()).isEqualTo(JwtFailure.DISALLOWED_ALGORITHM);
	}

	@Test
	void aJwksUrlIsFetchedOnceCachedAndUsedWithoutBlocking() throws Exception {
		AtomicInteger fetches = new AtomicInteger();
		String body = new JWKSet(rsa.toPublicJWK()).toString();
		DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
			.route((routes) -> routes.get("/jwks", (request, response) -> {
				fetches.incrementAndGet();
				return response.header("Content-Type", "application/json").sendString(Mono.just(body));
			}))
			.bindNow();
		try {
			JwtVerifier verifier = new JwtVerifier(JwtVerifierOptions
				.jwksUri(URI.create("http://127.0.0.1:" + server.port() + "/jwks"))
				.withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
			StepVerifier.create(verifier.refreshKeys()).expectComplete().verify(Duration.ofSeconds(5));
			for (int i = 0; i < 20; i++) {
				assertThat(verifier.verify(rs256(claims())).isValid()).isTrue();
			}
			assertThat(fetches).hasValue(1);
		}
		finally {
			server.disposeNow();
		}
	}

	@Test
	void anUnresponsiveJwksUrlTimesOutAndVerificationReportsTheKeysUnavailable() throws Exception {
		DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
			.handle((request, response) -> Mono.never())
			.bindNow();
		try {
			JwtVerifier verifier = new JwtVerifier(JwtVerifierOptions
				.jwksUri(URI.create("http://127.0.0.1:" + server.port() + "/jwks"))
				.withJwksFetching(Duration.ofMillis(300), Duration.ofMinutes(5), Duration.ofMinutes(1))
				.withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
			StepVerifier.create(verifier.refreshKeys()).expectError().verify(Duration.ofSeconds(5));
			assertThat(verifier.verify(rs256(claims())).failure()).isEqualTo(JwtFailure.KEYS_UNAVAILABLE);
		}
		finally {
			server.disposeNow();
		}
	}

	private static JWTClaimsSet claims() {
		return new JWTClaimsSet.Builder().subject("alice")
			.issuer("https://issuer.example")
			.audience("fluxor")
			.claim("tier", 3)
			.expirationTime(Date.from(NOW.plusSeconds(300)))
			.build();
	}

	private static String hs256(JWTClaimsSet claims) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		jwt.sign(new MACSigner(SECRET));
		return jwt.serialize();
	}

	private static String rs256(JWTClaimsSet claims) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims);
		jwt.sign(new RSASSASigner(rsa));
		return jwt.serialize();
	}

}
