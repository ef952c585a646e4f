package io.fluxor.metrics;

import io.fluxor.gateway.cache.CacheResult;
import io.fluxor.gateway.cache.ResponseCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of one route's response cache: {@code fluxor.cache.requests{route,result=hit|miss}}
 * (Prometheus {@code fluxor_cache_requests_total}) and the gauge {@code fluxor.cache.size{route}}.
 * Reads the cache's own counters, so lookups never touch a meter.
 */
public class ResponseCacheMetrics implements MeterBinder {

	private final ResponseCache cache;

	/**
	 * Creates the binder.
	 * @param cache the route's cache
	 */
	public ResponseCacheMetrics(ResponseCache cache) {
		this.cache = cache;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Tags tags = Tags.of("route", this.cache.routeId());
		FunctionCounter.builder("fluxor.cache.requests", this.cache, ResponseCache::hits)
			.tags(tags.and("result", CacheResult.HIT.tag()))
			.description("Cache lookups by result: hit (fresh or stale) or miss")
			.register(registry);
		FunctionCounter.builder("fluxor.cache.requests", this.cache, ResponseCache::misses)
			.tags(tags.and("result", CacheResult.MISS.tag()))
			.description("Cache lookups by result: hit (fresh or stale) or miss")
			.register(registry);
		Gauge.builder("fluxor.cache.size", this.cache, ResponseCache::size)
			.tags(tags)
			.description("Responses held in the route's cache")
			.register(registry);
	}

}
