package io.fluxor.gateway.ratelimit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TokenBucketTests {

	private final FakeTime time = new FakeTime();

	@Test
	void aBurstUpToTheCapacityPassesThenTheNextRequestIsRejectedWithTheHeaderFigures() {
		RouteRateLimiter limiter = new RouteRateLimiter(TokenBucketOptions.perSecond(3, 1), this.time);
		assertThat(limiter.tryAcquire()).extracting(RateLimitDecision::allowed, RateLimitDecision::remaining)
			.containsExactly(true, 2L);
		limiter.tryAcquire();
		RateLimitDecision last = limiter.tryAcquire();
		assertThat(last.allowed()).isTrue();
		assertThat(last.remaining()).isZero();
		RateLimitDecision rejected = limiter.tryAcquire();
		assertThat(rejected.allowed()).isFalse();
		assertThat(rejected.scope()).isEqualTo(RateLimitScope.ROUTE);
		assertThat(rejected.limit()).isEqualTo(3);
		assertThat(rejected.remaining()).isZero();
		assertThat(rejected.retryAfterSeconds()).isEqualTo(1);
		assertThat(rejected.resetSeconds()).isEqualTo(3);
		assertThat(limiter.rejected()).isEqualTo(1);
	}

	@Test
	void tokensComeBackGreedilyWithinThePeriod() {
		RouteRateLimiter limiter = new RouteRateLimiter(
				new TokenBucketOptions(10, 10, Duration.ofSeconds(1)), this.time);
		for (int i = 0; i < 10; i++) {
			assertThat(limiter.tryAcquire().allowed()).isTrue();
		}
		assertThat(limiter.tryAcquire().allowed()).isFalse();
		this.time.advance(Duration.ofMillis(100));
		assertThat(limiter.tryAcquire().allowed()).as("one token after a tenth of the period").isTrue();
		assertThat(limiter.tryAcquire().allowed()).isFalse();
	}

	@Test
	void aRejectionRendersRetryAfterAndTheRateLimitHeaders() {
		RouteRateLimiter limiter = new RouteRateLimiter(new TokenBucketOptions(1, 1, Duration.ofSeconds(10)),
				this.time);
		limiter.tryAcquire();
		StringBuilder headers = new StringBuilder();
		limiter.tryAcquire().forEachHeader((name, value) -> headers.append(name).append('=').append(value).append(';'));
		assertThat(headers).hasToString("X-RateLimit-Limit=1;X-RateLimit-Remaining=0;X-RateLimit-Reset=10;Retry-After=10;");
	}

	@Test
	void eachUserHasABucketOfItsOwn() {
		UserRateLimiter limiter = new UserRateLimiter(TokenBucketOptions.perSecond(2, 1), 100,
				Duration.ofMinutes(1), this.time);
		assertThat(limiter.tryAcquire("header:alice").allowed()).isTrue();
		assertThat(limiter.tryAcquire("header:alice").allowed()).isTrue();
		RateLimitDecision rejected = limiter.tryAcquire("header:alice");
		assertThat(rejected.allowed()).isFalse();
		assertThat(rejected.scope()).isEqualTo(RateLimitScope.USER);
		assertThat(limiter.tryAcquire("header:bob").allowed()).isTrue();
		assertThat(limiter.rejected()).isEqualTo(1);
		assertThat(limiter.bucketCount()).isEqualTo(2);
	}

	@Test
	void idleUserBucketsExpireAfterTheTimeToFill() {
		TokenBucketOptions options = new TokenBucketOptions(20, 2, Duration.ofSeconds(1));
		assertThat(options.timeToFill()).isEqualTo(Duration.ofSeconds(10));
		UserRateLimiter limiter = new UserRateLimiter(options, 100, options.timeToFill(), this.time);
		limiter.tryAcquire("header:alice");
		assertThat(limiter.bucketCount()).isEqualTo(1);
		this.time.advance(Duration.ofSeconds(11));
		assertThat(limiter.bucketCount()).isZero();
	}

	@Test
	void userBucketsAreBoundedByMaxKeys() {
		UserRateLimiter limiter = new UserRateLimiter(TokenBucketOptions.perSecond(5, 1), 50, Duration.ofMinutes(1),
				this.time);
		for (int i = 0; i < 1_000; i++) {
			limiter.tryAcquire("ip:10.0.0." + i);
		}
		assertThat(limiter.bucketCount()).isLessThanOrEqualTo(50);
	}

	@Test
	void invalidBucketShapesAreRefusedNamingTheProperty() {
		assertThatIllegalArgumentException().isThrownBy(() -> TokenBucketOptions.perSecond(0, 1))
			.withMessageContaining("capacity");
		assertThatIllegalArgumentException().isThrownBy(() -> TokenBucketOptions.perSecond(1, 0))
			.withMessageContaining("refill-tokens");
		assertThatIllegalArgumentException().isThrownBy(() -> new TokenBucketOptions(1, 1, Duration.ZERO))
			.withMessageContaining("refill-period");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new UserRateLimiter(TokenBucketOptions.perSecond(1, 1), 0, Duration.ofSeconds(1)))
			.withMessageContaining("max-keys");
	}

	static final class FakeTime implements TimeMeter {

		private final AtomicLong nanos = new AtomicLong(TimeUnit.HOURS.toNanos(1));

		void advance(Duration duration) {
			this.nanos.addAndGet(duration.toNanos());
		}

		@Override
		public long currentTimeNanos() {
			return this.nanos.get();
		}

		@Override
		public boolean isWallClockBased() {
			return false;
		}

	}

}
