package io.fluxor.pipeline;

import java.util.ArrayList;
import java.util.List;

/** One stage as declared through {@link PipelineBuilder}: what it runs and how it is wired. */
final class StageDefinition {

	final String name;

	final StageType type;

	final Object logic;

	final boolean async;

	final List<String> receivers = new ArrayList<>();

	int parallelism = 1;

	int bufferSize;

	boolean blocking;

	ErrorAction errorAction = ErrorAction.LOG;

	String deadLetterAddress;

	int feedbackCapacity = PipelineBuilder.DEFAULT_FEEDBACK_CAPACITY;

	StageDefinition(String name, StageType type, Object logic, boolean async) {
		this.name = name;
		this.type = type;
		this.logic = logic;
		this.async = async;
	}

	String describe() {
		return "'" + this.name + "' (" + this.type.name().toLowerCase(java.util.Locale.ROOT) + ")";
	}

}
