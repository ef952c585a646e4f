package io.fluxor.verticle;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The annotated methods of a verticle class, found once per class and checked before anything is
 * deployed, so that a wrong signature fails the deployment with the method's name.
 *
 * <p>Methods are searched in the class and its superclasses; an override without annotations keeps
 * the annotations of the method it overrides, which is how subclassing proxies (CGLIB) keep working.
 * Start hooks run superclass first and stop hooks subclass first, as {@code @PostConstruct} and
 * {@code @PreDestroy} do, so that a subclass starts on what its superclass set up and stops before
 * it is torn down; within a class they run in the order of their names.
 */
final class VerticleDefinition {

	private static final ClassValue<VerticleDefinition> DEFINITIONS = new ClassValue<>() {

		@Override
		protected VerticleDefinition computeValue(Class<?> type) {
			return new VerticleDefinition(type);
		}

	};

	private final Class<?> type;

	private final List<ConsumerMethod> consumers = new ArrayList<>();

	private final List<HookMethod> startHooks = new ArrayList<>();

	private final List<HookMethod> stopHooks = new ArrayList<>();

	private VerticleDefinition(Class<?> type) {
		this.type = type;
		Set<String> seen = new HashSet<>();
		for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
			List<HookMethod> classStartHooks = new ArrayList<>();
			Method[] declared = current.getDeclaredMethods();
			Arrays.sort(declared, (a, b) -> a.getName().compareTo(b.getName()));
			for (Method method : declared) {
				Consume consume = method.getAnnotation(Consume.class);
				boolean onStart = method.isAnnotationPresent(OnStart.class);
				boolean onStop = method.isAnnotationPresent(OnStop.class);
				if ((consume == null && !onStart && !onStop) || method.isBridge() || method.isSynthetic()
						|| !seen.add(signature(method))) {
					continue;
				}
				if (Modifier.isStatic(method.getModifiers())) {
					throw new IllegalArgumentException(describe(method) + " is static; verticle methods must be "
							+ "instance methods");
				}
				method.setAccessible(true);
				if (consume != null) {
					this.consumers.add(new ConsumerMethod(consume.value(), method));
				}
				if (onStart) {
					classStartHooks.add(new HookMethod(method, "OnStart"));
				}
				if (onStop) {
					this.stopHooks.add(new HookMethod(method, "OnStop"));
				}
			}
			// superclasses are visited after their subclasses: their start hooks go in front
			this.startHooks.addAll(0, classStartHooks);
		}
	}

	/**
	 * Returns the definition of a class.
	 * @throws IllegalArgumentException if an annotated method has a signature that cannot work
	 */
	static VerticleDefinition of(Class<?> type) {
		return DEFINITIONS.get(type);
	}

	Class<?> type() {
		return this.type;
	}

	List<ConsumerMethod> consumers() {
		return this.consumers;
	}

	List<HookMethod> startHooks() {
		return this.startHooks;
	}

	List<HookMethod> stopHooks() {
		return this.stopHooks;
	}

	/**
	 * Returns the name of the class, without the suffix a subclassing proxy adds.
	 */
	static String simpleName(Class<?> type) {
		Class<?> user = type;
		while (user.getName().contains("$$") && user.getSuperclass() != null) {
			user = user.getSuperclass();
		}
		return user.getSimpleName().isEmpty() ? user.getName() : user.getSimpleName();
	}

	static String describe(Method method) {
		return simpleName(method.getDeclaringClass()) + "." + method.getName() + "()";
	}

	private static String signature(Method method) {
		return method.getName() + Arrays.toString(method.getParameterTypes());
	}

}
