package io.fluxor.metrics;

import java.util.List;

import io.fluxor.gateway.cache.CacheResult;
import io.fluxor.gateway.cache.ResponseCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of one route's response cache: {@code fluxor.cache.requests{route,result=hit|miss}}
 * (Prometheus {@code fluxor_cache_requests_total}) and the gauge {@code fluxor.cache.size{route}}.
 * Reads the cache's own counters, so lookups never touch a meter. Meters are bound to one cache
 * object: when a route is replaced by one with a new cache, remove the meters {@link #register}
 * returned before binding the new cache's, or the registry keeps measuring the old one.
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
		register(registry);
	}

	/**
	 * Registers the meters and returns them, so that they can be removed when the route goes.
	 * @param registry the registry
	 * @return the meters registered, hit and miss counters and the size gauge
	 */
	public List<Meter> register(MeterRegistry registry) {
		Tags tags = Tags.of("route", this.cache.routeId());
		Meter hits = FunctionCounter.builder("fluxor.cache.requests", this.cache, ResponseCache::hits)
			.tags(tags.and("result", CacheResult.HIT.tag()))
			.description("Cache lookups by result: hit (fresh or stale) or miss")
			.register(registry);
		Meter misses = FunctionCounter.builder("fluxor.cache.requests", this.cache, ResponseCache::misses)
			.tags(tags.and("result", CacheResult.MISS.tag()))
			.description("Cache lookups by result: hit (fresh or stale) or miss")
			.register(registry);
		Meter size = Gauge.builder("fluxor.cache.size", this.cache, ResponseCache::size)
			.tags(tags)
			.description("Responses held in the route's cache")
			.register(registry);
		return List.of(hits, misses, size);
	}

}
