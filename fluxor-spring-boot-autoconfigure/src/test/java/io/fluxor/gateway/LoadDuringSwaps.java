package io.fluxor.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import static org.awaitility.Awaitility.await;

/**
 * Concurrent GETs on a gateway while a test replaces its routes: they keep coming, within a bound,
 * until {@link #finish()}, and every answer is kept as {@code "STATUS BODY"}, a failed request as
 * {@code "failed: ..."}, so that one failure cannot end the load and hide the others.
 */
public final class LoadDuringSwaps implements AutoCloseable {

	private final ConnectionProvider connections;

	private final AtomicInteger served = new AtomicInteger();

	private final AtomicBoolean finished = new AtomicBoolean();

	private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();

	private final Mono<List<String>> load;

	private LoadDuringSwaps(int port, int concurrency, int maxRequests, IntFunction<String> uri) {
		this.connections = ConnectionProvider.create("load-during-swaps", concurrency);
		HttpClient client = HttpClient.create(this.connections).baseUrl("http://127.0.0.1:" + port);
		this.load = Flux.range(0, maxRequests)
			.takeWhile((i) -> !this.finished.get())
			.flatMap((i) -> client.get()
				.uri(uri.apply(i))
				.responseSingle((response, body) -> body.asString()
					.defaultIfEmpty("")
					.map((text) -> response.status().code() + " " + text))
				.onErrorResume((ex) -> Mono.just("failed: " + ex))
				.doOnNext((answer) -> {
					this.served.incrementAndGet();
					this.answers.computeIfAbsent(answer, (key) -> new AtomicInteger()).incrementAndGet();
				}), concurrency)
			.collectList()
			.subscribeOn(Schedulers.boundedElastic())
			.cache();
		this.load.subscribe();
	}

	/**
	 * Starts the load.
	 * @param port the gateway's port
	 * @param concurrency requests in flight at once
	 * @param maxRequests a bound, not a target: the load stops at {@link #finish()}, long before it
	 * @param uri the URI of the request of each index
	 * @return the running load
	 */
	public static LoadDuringSwaps start(int port, int concurrency, int maxRequests, IntFunction<String> uri) {
		return new LoadDuringSwaps(port, concurrency, maxRequests, uri);
	}

	/**
	 * Waits until a few more requests were answered, so that the next swap interleaves with traffic.
	 */
	public void awaitMoreAnswers() {
		int seen = this.served.get();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.served.get() >= seen + 5);
	}

	/**
	 * Lets a few more requests through, then stops the load and returns every answer.
	 * @return the answers, in the order they came
	 */
	public List<String> finish() {
		awaitMoreAnswers();
		this.finished.set(true);
		return this.load.block(Duration.ofSeconds(30));
	}

	/**
	 * Returns how often each answer came.
	 * @return the counts by answer
	 */
	public Map<String, Integer> answers() {
		Map<String, Integer> counts = new TreeMap<>();
		this.answers.forEach((answer, count) -> counts.put(answer, count.get()));
		return counts;
	}

	@Override
	public void close() {
		this.finished.set(true);
		this.connections.disposeLater().block(Duration.ofSeconds(5));
	}

}
