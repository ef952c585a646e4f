package io.fluxor.gateway.security;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.github.benmanes.caffeine.cache.Caffeine;
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
import io.fluxor.gateway.proxy.TestUpstream;
import io.fluxor.gateway.proxy.UpstreamFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JwtVerifierTests {

	private static final byte[] SECRET = "0123456789abcdef0123456789abcdef!".getBytes(StandardCharsets.UTF_8);

	private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

	@RegisterExtension
	static final UpstreamFixture fixture = new UpstreamFixture();

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
	void anHmacTokenNamingAKeyIdIsVerifiedWithTheOneSecret() throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("2025-06").build(), claims());
		jwt.sign(new MACSigner(SECRET));
		assertThat(this.hmac.verify(jwt.serialize()).isValid()).isTrue();
		SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("2025-06").build(), claims());
		forged.sign(new MACSigner("another-secret-of-thirty-two-bytes-at-least".getBytes(StandardCharsets.UTF_8)));
		assertThat(this.hmac.verify(forged.serialize()).failure()).isEqualTo(JwtFailure.INVALID_SIGNATURE);
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
	void algorithmsNoConfiguredKeyCanVerifyAreRefusedRatherThanFailingEveryToken(@TempDir Path dir) {
		for (String algorithm : List.of("EdDSA", "Ed25519", "ES256K")) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> JwtVerifierOptions.jwksFile(dir.resolve("x")).withAlgorithms(Set.of(algorithm)))
				.withMessageContaining("'" + algorithm + "' is not allowed with a JWKS");
		}
	}

	@Test
	void theJdkHasNoCurveForES256KWhichIsWhyItIsRefused() {
		// if a JDK brings secp256k1 back, ES256K can be allowed again
		assertThatExceptionOfType(InvalidAlgorithmParameterException.class).isThrownBy(() -> KeyPairGenerator
			.getInstance("EC")
			.initialize(new ECGenParameterSpec("secp256k1")));
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
		String body = new JWKSet(rsa.toPublicJWK()).toString();
		TestUpstream server = fixture.upstream((request, response) -> response
			.header("Content-Type", "application/json").sendString(Mono.just(body)));
		JwtVerifier verifier = new JwtVerifier(JwtVerifierOptions
			.jwksUri(URI.create(server.url() + "/jwks"))
			.withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
		StepVerifier.create(verifier.refreshKeys()).expectComplete().verify(Duration.ofSeconds(5));
		for (int i = 0; i < 20; i++) {
			assertThat(verifier.verify(rs256(claims())).isValid()).isTrue();
		}
		assertThat(server.calls()).isEqualTo(1);
	}

	@Test
	void anUnresponsiveJwksUrlTimesOutAndVerificationReportsTheKeysUnavailable() throws Exception {
		TestUpstream server = fixture.upstream((request, response) -> Mono.never());
		JwtVerifier verifier = new JwtVerifier(JwtVerifierOptions
			.jwksUri(URI.create(server.url() + "/jwks"))
			.withJwksFetching(Duration.ofMillis(300), Duration.ofMinutes(5), Duration.ofMinutes(1))
			.withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
		StepVerifier.create(verifier.refreshKeys()).expectError().verify(Duration.ofSeconds(5));
		assertThat(verifier.verify(rs256(claims())).failure()).isEqualTo(JwtFailure.KEYS_UNAVAILABLE);
	}

	@Test
	void aJwksBodyOverTheSizeBoundIsRefusedWhileItIsReadNotOnceItEnds() {
		byte[] chunk = new byte[8192];
		java.util.Arrays.fill(chunk, (byte) ' ');
		// more than MAX_SIZE, then a body that never ends: only a bound applied while reading stops it
		TestUpstream server = fixture.upstream((request, response) -> response.header("Content-Type", "application/json")
			.sendByteArray(reactor.core.publisher.Flux.range(0, RemoteJwkSet.MAX_SIZE / chunk.length + 2)
				.map((i) -> chunk)
				.concatWith(reactor.core.publisher.Flux.never())));
		JwtVerifier verifier = new JwtVerifier(JwtVerifierOptions.jwksUri(URI.create(server.url() + "/jwks"))
			.withJwksFetching(Duration.ofSeconds(3), Duration.ofMinutes(5), Duration.ofMinutes(1)));
		StepVerifier.create(verifier.refreshKeys())
			.expectErrorSatisfies((ex) -> assertThat(ex).hasMessageContaining("exceeds " + RemoteJwkSet.MAX_SIZE))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void aTokenSentAgainIsServedFromTheCache() throws Exception {
		String token = hs256(claims());
		JwtVerification first = this.hmac.verify(token);
		assertThat(first.isValid()).isTrue();
		assertThat(this.hmac.verify(token)).as("the cached verification, not a new one").isSameAs(first);
		assertThat(this.hmac.verify(" " + token + " ")).as("keyed by the trimmed token").isSameAs(first);
		assertThat(this.hmac.cachedTokens()).isEqualTo(1);
	}

	@Test
	void aCachedTokenIsRefusedAsExpiredOnceTheClockPassesItsExpiry() throws Exception {
		MutableClock clock = new MutableClock(NOW);
		JwtVerifier verifier = new JwtVerifier(JwtVerifierOptions.hmac(SECRET).withClock(clock));
		String token = hs256(claims());
		JwtVerification verified = verifier.verify(token);
		assertThat(verified.isValid()).isTrue();
		clock.set(NOW.plusSeconds(300 + 30).minusMillis(1));
		assertThat(verifier.verify(token)).as("exp + clock skew not reached yet").isSameAs(verified);
		clock.set(NOW.plusSeconds(300 + 30));
		assertThat(verifier.verify(token).failure()).isEqualTo(JwtFailure.EXPIRED);
		assertThat(verifier.cachedTokens()).as("an expired token is dropped").isZero();
		assertThat(verifier.verify(token).failure()).isEqualTo(JwtFailure.EXPIRED);
	}

	@Test
	void aTokenNotYetValidIsNotCachedAndIsAcceptedOnceItsTimeComes() throws Exception {
		MutableClock clock = new MutableClock(NOW);
		JwtVerifier verifier = new JwtVerifier(JwtVerifierOptions.hmac(SECRET).withClock(clock));
		String token = hs256(new JWTClaimsSet.Builder(claims()).notBeforeTime(Date.from(NOW.plusSeconds(60))).build());
		assertThat(verifier.verify(token).failure()).isEqualTo(JwtFailure.NOT_YET_VALID);
		assertThat(verifier.verify(token).failure()).isEqualTo(JwtFailure.NOT_YET_VALID);
		assertThat(verifier.cachedTokens()).isZero();
		clock.set(NOW.plusSeconds(60 - 30));
		assertThat(verifier.verify(token).isValid()).as("nbf - clock skew reached").isTrue();
		assertThat(verifier.cachedTokens()).isEqualTo(1);
		clock.set(NOW);
		assertThat(verifier.verify(token).failure()).as("a cached token is checked against a clock gone back")
			.isEqualTo(JwtFailure.NOT_YET_VALID);
	}

	@Test
	void refusalsAreNeverCached() throws Exception {
		String[] parts = hs256(claims()).split("\\.");
		String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
				new JWTClaimsSet.Builder(claims()).subject("admin").build().toString().getBytes(StandardCharsets.UTF_8));
		String tampered = parts[0] + "." + forged + "." + parts[2];
		String expired = hs256(new JWTClaimsSet.Builder(claims()).expirationTime(Date.from(NOW.minusSeconds(60))).build());
		String wrongIssuer = hs256(new JWTClaimsSet.Builder(claims()).issuer("https://evil").build());
		for (int i = 0; i < 2; i++) {
			assertThat(this.hmac.verify(tampered).failure()).isEqualTo(JwtFailure.INVALID_SIGNATURE);
			assertThat(this.hmac.verify(expired).failure()).isEqualTo(JwtFailure.EXPIRED);
			assertThat(this.hmac.verify(wrongIssuer).failure()).isEqualTo(JwtFailure.INVALID_ISSUER);
			assertThat(this.hmac.verify("not.a.jwt").failure()).isEqualTo(JwtFailure.MALFORMED);
		}
		assertThat(this.hmac.cachedTokens()).isZero();
	}

	@Test
	void aCacheSizeOfZeroVerifiesEveryTokenInFull() throws Exception {
		MutableClock clock = new MutableClock(NOW);
		JwtVerifier verifier = new JwtVerifier(
				JwtVerifierOptions.hmac(SECRET).withCache(0, Duration.ofMinutes(5)).withClock(clock));
		String token = hs256(claims());
		JwtVerification first = verifier.verify(token);
		assertThat(first.isValid()).isTrue();
		assertThat(verifier.verify(token)).isNotSameAs(first).satisfies((again) -> assertThat(again.isValid()).isTrue());
		assertThat(verifier.cachedTokens()).isZero();
		clock.set(NOW.plusSeconds(300 + 30));
		assertThat(verifier.verify(token).failure()).isEqualTo(JwtFailure.EXPIRED);
	}

	@Test
	void theCacheTtlBoundsHowLongATokenOutlivesItsKeyInAJwks() throws Exception {
		AtomicReference<String> body = new AtomicReference<>(new JWKSet(rsa.toPublicJWK()).toString());
		TestUpstream server = fixture.upstream((request, response) -> response
			.header("Content-Type", "application/json").sendString(Mono.fromSupplier(body::get)));
		AtomicLong nanos = new AtomicLong(Duration.ofHours(1).toNanos());
		JwtVerifier verifier = new JwtVerifier(JwtVerifierOptions
			.jwksUri(URI.create(server.url() + "/jwks"))
			.withCache(100, Duration.ofMinutes(5))
			.withClock(Clock.fixed(NOW, ZoneOffset.UTC)), nanos::get);
		StepVerifier.create(verifier.refreshKeys()).expectComplete().verify(Duration.ofSeconds(5));
		String token = rs256(claims());
		assertThat(verifier.verify(token).isValid()).isTrue();
		body.set(new JWKSet().toString());
		StepVerifier.create(verifier.refreshKeys()).expectComplete().verify(Duration.ofSeconds(5));
		assertThat(verifier.verify(rs256(new JWTClaimsSet.Builder(claims()).subject("bob").build())).failure())
			.as("the key is gone").isEqualTo(JwtFailure.INVALID_SIGNATURE);
		nanos.addAndGet(Duration.ofMinutes(5).minusNanos(1).toNanos());
		assertThat(verifier.verify(token).isValid()).as("still cached").isTrue();
		nanos.addAndGet(1);
		assertThat(verifier.verify(token).failure()).isEqualTo(JwtFailure.INVALID_SIGNATURE);
	}

	@Test
	void cacheOptionsAreValidated() {
		JwtVerifierOptions options = JwtVerifierOptions.hmac(SECRET);
		assertThat(options.cacheSize()).isEqualTo(10_000);
		assertThat(options.cacheTtl()).isEqualTo(Duration.ofMinutes(5));
		JwtVerifierOptions custom = options.withCache(0, Duration.ofSeconds(10)).withIssuer("https://issuer.example");
		assertThat(custom.cacheSize()).isZero();
		assertThat(custom.cacheTtl()).isEqualTo(Duration.ofSeconds(10));
		assertThatIllegalArgumentException().isThrownBy(() -> options.withCache(-1, Duration.ofMinutes(5)))
			.withMessage("JWT cache-size must not be negative, was -1");
		assertThatIllegalArgumentException().isThrownBy(() -> options.withCache(10, Duration.ZERO))
			.withMessage("JWT cache-ttl must be positive, was PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> options.withCache(10, Duration.ofSeconds(-1)))
			.withMessage("JWT cache-ttl must be positive, was PT-1S");
	}

	@Test
	@SuppressWarnings("unchecked")
	void sharedClaimsCannotBeChangedByARequest() throws Exception {
		String token = hs256(new JWTClaimsSet.Builder(claims()).claim("roles", List.of("user"))
			.claim("address", Map.of("city", "Lyon"))
			.build());
		JwtClaims claims = this.hmac.verify(token).claims();
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> ((List<Object>) claims.claim("roles")).add("admin"));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> ((Map<String, Object>) claims.claim("address")).put("city", "Paris"));
		assertThat(this.hmac.verify(token).claims().claim("roles")).isEqualTo(List.of("user"));
	}

	@Test
	void aVerifierWithoutACacheNeverLoadsCaffeine() throws Exception {
		List<URL> withoutCaffeine = new ArrayList<>();
		String caffeineJar = Path.of(Caffeine.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
		for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			if (!entry.isEmpty() && !Path.of(entry).toString().equals(caffeineJar)) {
				withoutCaffeine.add(Path.of(entry).toUri().toURL());
			}
		}
		try (URLClassLoader loader = new URLClassLoader(withoutCaffeine.toArray(URL[]::new),
				ClassLoader.getPlatformClassLoader())) {
			assertThatExceptionOfType(ClassNotFoundException.class)
				.isThrownBy(() -> loader.loadClass(Caffeine.class.getName()));
			Class<?> optionsType = loader.loadClass(JwtVerifierOptions.class.getName());
			Object options = optionsType.getMethod("hmac", byte[].class).invoke(null, (Object) SECRET);
			Object noCache = optionsType.getMethod("withCache", int.class, Duration.class)
				.invoke(options, 0, Duration.ofMinutes(5));
			Class<?> verifierType = loader.loadClass(JwtVerifier.class.getName());
			Object verifier = verifierType.getConstructor(optionsType).newInstance(noCache);
			String token = hs256(new JWTClaimsSet.Builder(claims()).expirationTime(Date.from(Instant.now().plusSeconds(300)))
				.build());
			Object verification = verifierType.getMethod("verify", String.class).invoke(verifier, token);
			assertThat(verification.getClass().getMethod("isValid").invoke(verification)).isEqualTo(true);
			assertThatExceptionOfType(InvocationTargetException.class)
				.isThrownBy(() -> verifierType.getConstructor(optionsType).newInstance(options))
				.havingCause()
				.isInstanceOf(NoClassDefFoundError.class);
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

	private static final class MutableClock extends Clock {

		private volatile Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void set(Instant now) {
			this.now = now;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
