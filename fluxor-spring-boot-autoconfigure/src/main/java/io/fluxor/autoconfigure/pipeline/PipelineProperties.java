package io.fluxor.autoconfigure.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fluxor.pipeline.ClogOptions;
import io.fluxor.pipeline.ClogPolicy;
import io.fluxor.pipeline.ErrorAction;
import io.fluxor.pipeline.PipelineBuilder;
import io.fluxor.pipeline.PipelineRegistry;
import io.fluxor.pipeline.StagePlacement;
import io.fluxor.pipeline.StageType;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Pipelines declared in configuration, {@code fluxor.pipelines.NAME.*}: each names its stages and,
 * for stages that run user code, the bean that does.
 *
 * <pre class="code">
 * fluxor:
 *   pipelines:
 *     logs:
 *       clog: { timeout: 5s, policy: restart }
 *       stages:
 *         walk:   { type: extractor, bean: logRoots, to: scan }
 *         scan:   { type: transformer, bean: directoryWalker, to: errors }
 *         errors: { type: filter, bean: errorLines, to: split }
 *         split:  { type: balancer, to: [left, right] }
 *         left:   { type: loader, bean: leftFile }
 *         right:  { type: loader, bean: rightFile, on-error: dead-letter, dead-letter-address: logs.failed }
 * </pre>
 */
@ConfigurationProperties(prefix = "fluxor")
public class PipelineProperties {

	/** Prefix of the pipeline properties. */
	public static final String PREFIX = "fluxor.pipelines";

	/**
	 * Pipelines by name.
	 */
	private Map<String, Pipeline> pipelines = new LinkedHashMap<>();

	public Map<String, Pipeline> getPipelines() {
		return this.pipelines;
	}

	public void setPipelines(Map<String, Pipeline> pipelines) {
		this.pipelines = pipelines;
	}

	/** One pipeline. */
	public static class Pipeline {

		/**
		 * Whether to start the pipeline with the application context.
		 */
		private boolean autoStartup = true;

		/**
		 * Capacity of each input buffer of a stage that sets none.
		 */
		private int bufferSize = PipelineBuilder.DEFAULT_BUFFER_SIZE;

		/**
		 * Items a stage worker handles before it yields its event loop.
		 */
		private int batchSize = PipelineBuilder.DEFAULT_BATCH_SIZE;

		/**
		 * How the stages are spread over the event loops: "chain" runs a linear chain of
		 * single-worker stages on one loop, "spread" puts every stage on the next loop in turn.
		 */
		private StagePlacement placement = PipelineBuilder.DEFAULT_PLACEMENT;

		/**
		 * Delay before a forever extractor that had nothing is polled again.
		 * Not negative; at most 106751d (about 292 years).
		 */
		private Duration idlePoll = PipelineBuilder.DEFAULT_IDLE_POLL;

		/**
		 * Time the pipeline may take to drain when the context stops.
		 * Not negative; at most 106751d (about 292 years).
		 */
		private Duration drainTimeout = PipelineRegistry.DEFAULT_DRAIN_TIMEOUT;

		/**
		 * Clog detection and policy.
		 */
		private final Clog clog = new Clog();

		/**
		 * Stages by name, in flow order.
		 */
		private Map<String, Stage> stages = new LinkedHashMap<>();

		public boolean isAutoStartup() {
			return this.autoStartup;
		}

		public void setAutoStartup(boolean autoStartup) {
			this.autoStartup = autoStartup;
		}

		public int getBufferSize() {
			return this.bufferSize;
		}

		public void setBufferSize(int bufferSize) {
			this.bufferSize = bufferSize;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public StagePlacement getPlacement() {
			return this.placement;
		}

		public void setPlacement(StagePlacement placement) {
			this.placement = placement;
		}

		public Duration getIdlePoll() {
			return this.idlePoll;
		}

		public void setIdlePoll(Duration idlePoll) {
			this.idlePoll = idlePoll;
		}

		public Duration getDrainTimeout() {
			return this.drainTimeout;
		}

		public void setDrainTimeout(Duration drainTimeout) {
			this.drainTimeout = drainTimeout;
		}

		public Clog getClog() {
			return this.clog;
		}

		public Map<String, Stage> getStages() {
			return this.stages;
		}

		public void setStages(Map<String, Stage> stages) {
			this.stages = stages;
		}

	}

	/** Clog detection and policy of a pipeline. */
	public static class Clog {

		/**
		 * Time a stage may make no progress while items wait in its input before it is clogged.
		 * At most 106751d (about 292 years).
		 */
		private Duration timeout = ClogOptions.DEFAULT_TIMEOUT;

		/**
		 * What to do with a clogged stage.
		 */
		private ClogPolicy policy = ClogOptions.DEFAULT_POLICY;

		/**
		 * Delay before the first restart of a clogged stage; doubled for each consecutive restart.
		 * Not negative; at most 106751d (about 292 years).
		 */
		private Duration restartBackoff = ClogOptions.DEFAULT_RESTART_BACKOFF;

		/**
		 * Upper bound of the restart delay.
		 * Not negative; at most 106751d (about 292 years).
		 */
		private Duration maxRestartBackoff = ClogOptions.DEFAULT_MAX_RESTART_BACKOFF;

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public ClogPolicy getPolicy() {
			return this.policy;
		}

		public void setPolicy(ClogPolicy policy) {
			this.policy = policy;
		}

		public Duration getRestartBackoff() {
			return this.restartBackoff;
		}

		public void setRestartBackoff(Duration restartBackoff) {
			this.restartBackoff = restartBackoff;
		}

		public Duration getMaxRestartBackoff() {
			return this.maxRestartBackoff;
		}

		public void setMaxRestartBackoff(Duration maxRestartBackoff) {
			this.maxRestartBackoff = maxRestartBackoff;
		}

		ClogOptions toOptions() {
			return new ClogOptions(this.timeout, this.policy, this.restartBackoff, this.maxRestartBackoff);
		}

	}

	/** One stage of a pipeline. */
	public static class Stage {

		/**
		 * Stage type; inferred from the bean when it runs one.
		 */
		private StageType type;

		/**
		 * Name of the bean that runs the stage (an Extractor, Transformer, AsyncTransformer, Filter,
		 * Messenger, Loader or AsyncLoader); defaults to the stage name. Balancers, broadcasts and
		 * funnels have none.
		 */
		private String bean;

		/**
		 * Names of the stages that receive this stage's items.
		 */
		private List<String> to = new ArrayList<>();

		/**
		 * Number of workers that run the stage, spread over the event loops.
		 */
		private int parallelism = 1;

		/**
		 * Capacity of each of the stage's input buffers; defaults to the pipeline's buffer size.
		 */
		private Integer bufferSize;

		/**
		 * Whether the stage's bean blocks, so that it runs on the worker pool.
		 */
		private boolean blocking;

		/**
		 * What to do with an item that fails at this stage.
		 */
		private ErrorAction onError = ErrorAction.LOG;

		/**
		 * Event-bus address that failed items are sent to when on-error is dead-letter (set with
		 * another on-error, startup fails).
		 */
		private String deadLetterAddress;

		public StageType getType() {
			return this.type;
		}

		public void setType(StageType type) {
			this.type = type;
		}

		public String getBean() {
			return this.bean;
		}

		public void setBean(String bean) {
			this.bean = bean;
		}

		public List<String> getTo() {
			return this.to;
		}

		public void setTo(List<String> to) {
			this.to = to;
		}

		public int getParallelism() {
			return this.parallelism;
		}

		public void setParallelism(int parallelism) {
			this.parallelism = parallelism;
		}

		public Integer getBufferSize() {
			return this.bufferSize;
		}

		public void setBufferSize(Integer bufferSize) {
			this.bufferSize = bufferSize;
		}

		public boolean isBlocking() {
			return this.blocking;
		}

		public void setBlocking(boolean blocking) {
			this.blocking = blocking;
		}

		public ErrorAction getOnError() {
			return this.onError;
		}

		public void setOnError(ErrorAction onError) {
			this.onError = onError;
		}

		public String getDeadLetterAddress() {
			return this.deadLetterAddress;
		}

		public void setDeadLetterAddress(String deadLetterAddress) {
			this.deadLetterAddress = deadLetterAddress;
		}

	}

}
