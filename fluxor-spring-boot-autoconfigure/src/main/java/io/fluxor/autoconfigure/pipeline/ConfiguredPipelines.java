package io.fluxor.autoconfigure.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.fluxor.autoconfigure.NanosecondDurations;
import io.fluxor.eventbus.EventBus;
import io.fluxor.eventloop.EventLoopGroup;
import io.fluxor.pipeline.AsyncLoader;
import io.fluxor.pipeline.AsyncTransformer;
import io.fluxor.pipeline.ClogOptions;
import io.fluxor.pipeline.ErrorAction;
import io.fluxor.pipeline.Extractor;
import io.fluxor.pipeline.Filter;
import io.fluxor.pipeline.InvalidPipelineException;
import io.fluxor.pipeline.Loader;
import io.fluxor.pipeline.Messenger;
import io.fluxor.pipeline.Pipeline;
import io.fluxor.pipeline.PipelineBuilder;
import io.fluxor.pipeline.StageType;
import io.fluxor.pipeline.Transformer;
import org.springframework.beans.factory.BeanFactory;

/**
 * Builds the pipelines declared under {@code fluxor.pipelines}, resolving stage beans by name. Every
 * error names the property path: an unknown bean, a bean of the wrong kind, a stage type that
 * cannot be inferred, and the topology errors of {@link PipelineBuilder#build()}.
 */
final class ConfiguredPipelines {

	private ConfiguredPipelines() {
	}

	static List<Pipeline> build(PipelineProperties properties, EventLoopGroup group, EventBus eventBus,
			BeanFactory beans) {
		List<Pipeline> pipelines = new ArrayList<>();
		for (Map.Entry<String, PipelineProperties.Pipeline> entry : properties.getPipelines().entrySet()) {
			pipelines.add(build(entry.getKey(), entry.getValue(), group, eventBus, beans));
		}
		return pipelines;
	}

	private static Pipeline build(String name, PipelineProperties.Pipeline spec, EventLoopGroup group,
			EventBus eventBus, BeanFactory beans) {
		String path = PipelineProperties.PREFIX + "." + name;
		if (spec.getStages().isEmpty()) {
			throw new InvalidPipelineException(name, path + ".stages must declare at least an extractor and a loader");
		}
		checkDuration(name, path + ".idle-poll", spec.getIdlePoll());
		checkDuration(name, path + ".drain-timeout", spec.getDrainTimeout());
		checkDuration(name, path + ".clog.timeout", spec.getClog().getTimeout());
		checkDuration(name, path + ".clog.restart-backoff", spec.getClog().getRestartBackoff());
		checkDuration(name, path + ".clog.max-restart-backoff", spec.getClog().getMaxRestartBackoff());
		ClogOptions clog;
		try {
			clog = spec.getClog().toOptions();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidPipelineException(name, path + ".clog: " + ex.getMessage());
		}
		PipelineBuilder builder = Pipeline.builder(name, group)
			.bufferSize(spec.getBufferSize())
			.batchSize(spec.getBatchSize())
			.placement(spec.getPlacement())
			.idlePoll(spec.getIdlePoll())
			.clog(clog)
			.eventBus(eventBus);
		for (Map.Entry<String, PipelineProperties.Stage> entry : spec.getStages().entrySet()) {
			String stagePath = path + ".stages." + entry.getKey();
			PipelineProperties.Stage stage = entry.getValue();
			Object logic = resolve(name, entry.getKey(), stagePath, stage, beans);
			StageType type = (stage.getType() != null) ? stage.getType() : infer(name, stagePath, logic);
			if (stage.getDeadLetterAddress() != null && stage.getOnError() != ErrorAction.DEAD_LETTER) {
				throw new InvalidPipelineException(name, stagePath + ".dead-letter-address is set, but on-error is "
						+ stage.getOnError().name().toLowerCase(Locale.ROOT).replace('_', '-')
						+ ": set on-error to dead-letter, or remove the address");
			}
			try {
				PipelineBuilder.StageBuilder declared = builder.stage(entry.getKey(), type, logic)
					.to(stage.getTo())
					.parallelism(stage.getParallelism())
					.blocking(stage.isBlocking())
					.onError(stage.getOnError());
				if (stage.getBufferSize() != null) {
					declared.bufferSize(stage.getBufferSize());
				}
				if (stage.getOnError() == ErrorAction.DEAD_LETTER) {
					declared.deadLetter(stage.getDeadLetterAddress());
				}
			}
			catch (InvalidPipelineException ex) {
				throw new InvalidPipelineException(name, stagePath + ": " + stripPrefix(ex, name));
			}
		}
		try {
			return builder.build();
		}
		catch (InvalidPipelineException ex) {
			throw new InvalidPipelineException(name, stripPrefix(ex, name) + " (declared under " + path + ")");
		}
	}

	/**
	 * Refuses a negative duration, and one too long to be counted in nanoseconds, as the runtime
	 * counts them; whether zero is allowed is left to the runtime's options.
	 */
	private static void checkDuration(String pipeline, String property, Duration value) {
		if (value == null) {
			throw new InvalidPipelineException(pipeline, property + " must be set");
		}
		if (value.isNegative()) {
			throw new InvalidPipelineException(pipeline, property + " must not be negative but was " + value);
		}
		if (NanosecondDurations.isTooLong(value)) {
			throw new InvalidPipelineException(pipeline, property + " " + NanosecondDurations.tooLong(value));
		}
	}

	private static Object resolve(String pipeline, String stageName, String stagePath, PipelineProperties.Stage stage,
			BeanFactory beans) {
		StageType type = stage.getType();
		if (type != null && !type.needsLogic()) {
			if (stage.getBean() != null) {
				throw new InvalidPipelineException(pipeline, stagePath + ".bean: a "
						+ type.name().toLowerCase(Locale.ROOT) + " runs no bean, but '" + stage.getBean() + "' is set");
			}
			return null;
		}
		String bean = (stage.getBean() != null) ? stage.getBean() : stageName;
		if (!beans.containsBean(bean)) {
			String property = (stage.getBean() != null) ? stagePath + ".bean" : stagePath;
			throw new InvalidPipelineException(pipeline, property + ": no bean named '" + bean + "'"
					+ ((stage.getBean() != null) ? "" : " (the bean defaults to the stage name)"));
		}
		return beans.getBean(bean);
	}

	private static StageType infer(String pipeline, String stagePath, Object logic) {
		if (logic instanceof Extractor) {
			return StageType.EXTRACTOR;
		}
		if (logic instanceof Transformer || logic instanceof AsyncTransformer) {
			return StageType.TRANSFORMER;
		}
		if (logic instanceof Filter) {
			return StageType.FILTER;
		}
		if (logic instanceof Messenger) {
			return StageType.MESSENGER;
		}
		if (logic instanceof Loader || logic instanceof AsyncLoader) {
			return StageType.LOADER;
		}
		throw new InvalidPipelineException(pipeline, stagePath + ".bean: a " + logic.getClass().getName()
				+ " is no pipeline stage (Extractor, Transformer, Filter, Messenger, Loader)");
	}

	private static String stripPrefix(InvalidPipelineException ex, String name) {
		String prefix = "Pipeline '" + name + "': ";
		String message = ex.getMessage();
		return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
	}

}
