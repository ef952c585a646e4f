package io.fluxor.verticle;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

import io.fluxor.eventbus.DeliveryException;
import io.fluxor.eventbus.DeliveryFailure;
import io.fluxor.eventbus.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Turns what a {@link Consume @Consume} method returned or threw into the reply or the failure of
 * its message.
 */
final class Replies {

	private static final Logger logger = LoggerFactory.getLogger(Replies.class);

	/** Code of a failure that carries none: the verticle failed unexpectedly. */
	static final int INTERNAL_ERROR = 500;

	/** Code of a request whose body does not fit the method's payload parameter. */
	static final int BAD_PAYLOAD = 400;

	/** Code of a request refused because the worker pool or the instance's queue is full. */
	static final int OVERLOADED = 503;

	private Replies() {
	}

	/**
	 * Replies with a handler method's result, now or when it completes.
	 */
	static void reply(Message<Object> message, ConsumerMethod method, Object result) {
		switch (method.returnKind()) {
			case VOID -> {
				if (!method.takesMessage()) {
					message.reply(null);
				}
			}
			case VALUE -> message.reply(result);
			case STAGE -> {
				if (result == null) {
					message.reply(null);
				}
				else {
					((CompletionStage<?>) result).whenComplete((value, failure) -> {
						if (failure != null) {
							fail(message, failure);
						}
						else {
							message.reply(value);
						}
					});
				}
			}
			case MONO -> {
				if (result == null) {
					message.reply(null);
				}
				else {
					// A value then completion replies once: a second answer is ignored by the message.
					((Mono<?>) result).subscribe(message::reply, (failure) -> fail(message, failure),
							() -> message.reply(null));
				}
			}
		}
	}

	/**
	 * Fails a message with the code the exception carries, or 500.
	 */
	static void fail(Message<?> message, Throwable thrown) {
		Throwable cause = unwrap(thrown);
		int code = codeOf(cause);
		String description = (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getName();
		// a message that expects no reply is counted as a recipient failure of its address
		message.fail(code, description);
		if (message.expectsReply()) {
			if (logger.isDebugEnabled() && !(cause instanceof VerticleFailure)) {
				logger.debug("Consumer of '{}' failed a request with code {}", message.address(), code, cause);
			}
		}
		else if (!(cause instanceof VerticleFailure)) {
			logger.warn("Consumer of '{}' failed a message that expected no reply", message.address(), cause);
		}
	}

	static void fail(Message<?> message, int code, String description) {
		message.fail(code, description);
		if (!message.expectsReply()) {
			logger.warn("Consumer of '{}' refused a message that expected no reply: {}", message.address(),
					description);
		}
	}

	static Throwable unwrap(Throwable thrown) {
		Throwable cause = thrown;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException
				|| cause instanceof InvocationTargetException || cause instanceof UndeclaredThrowableException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static int codeOf(Throwable cause) {
		if (cause instanceof VerticleFailure failure) {
			return failure.code();
		}
		if (cause instanceof DeliveryException delivery && delivery.failure() == DeliveryFailure.RECIPIENT_FAILURE
				&& delivery.failureCode() >= 0) {
			return delivery.failureCode();
		}
		if (cause instanceof RejectedExecutionException) {
			return OVERLOADED;
		}
		return INTERNAL_ERROR;
	}

}
