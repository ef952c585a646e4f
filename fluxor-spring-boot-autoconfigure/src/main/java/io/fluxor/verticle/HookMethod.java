package io.fluxor.verticle;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;

/**
 * An {@link OnStart @OnStart} or {@link OnStop @OnStop} method, sync or async.
 */
final class HookMethod {

	private final Method method;

	private final boolean takesContext;

	private final ReturnKind returnKind;

	HookMethod(Method method, String annotation) {
		Class<?>[] types = method.getParameterTypes();
		if (types.length > 1 || (types.length == 1 && types[0] != VerticleContext.class)) {
			throw new IllegalArgumentException(VerticleDefinition.describe(method) + " is annotated @" + annotation
					+ " but takes other parameters than one VerticleContext");
		}
		this.method = method;
		this.takesContext = types.length == 1;
		this.returnKind = ReturnKind.of(method);
	}

	/**
	 * Runs the hook; what it throws comes back as a failed future.
	 */
	CompletableFuture<Object> run(Object target, VerticleContext context) {
		try {
			Object result = this.takesContext ? this.method.invoke(target, context) : this.method.invoke(target);
			return this.returnKind.toFuture(result);
		}
		catch (InvocationTargetException ex) {
			return CompletableFuture.failedFuture(ex.getCause());
		}
		catch (Throwable ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	@Override
	public String toString() {
		return VerticleDefinition.describe(this.method);
	}

}
