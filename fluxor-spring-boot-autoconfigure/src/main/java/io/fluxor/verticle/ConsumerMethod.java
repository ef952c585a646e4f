package io.fluxor.verticle;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import io.fluxor.eventbus.Message;

/**
 * A {@link Consume @Consume} method, resolved once per class: which argument goes where and how
 * its result becomes the reply.
 */
final class ConsumerMethod {

	private enum Argument {

		PAYLOAD, MESSAGE, CONTEXT

	}

	private final String address;

	private final Method method;

	private final Argument[] arguments;

	private final Class<?> payloadType;

	private final boolean primitivePayload;

	private final boolean takesMessage;

	private final ReturnKind returnKind;

	ConsumerMethod(String address, Method method) {
		if (address == null || address.isBlank()) {
			throw new IllegalArgumentException(VerticleDefinition.describe(method) + " has an empty @Consume address");
		}
		this.address = address;
		this.method = method;
		Class<?>[] types = method.getParameterTypes();
		this.arguments = new Argument[types.length];
		Class<?> payload = null;
		boolean message = false;
		boolean context = false;
		for (int i = 0; i < types.length; i++) {
			if (types[i] == Message.class) {
				this.arguments[i] = Argument.MESSAGE;
				message = requireOnce(message, "Message", method);
			}
			else if (types[i] == VerticleContext.class) {
				this.arguments[i] = Argument.CONTEXT;
				context = requireOnce(context, "VerticleContext", method);
			}
			else {
				this.arguments[i] = Argument.PAYLOAD;
				requireOnce(payload != null, "payload", method);
				payload = types[i];
			}
		}
		this.primitivePayload = payload != null && payload.isPrimitive();
		this.payloadType = (payload != null) ? box(payload) : Object.class;
		this.takesMessage = message;
		this.returnKind = ReturnKind.of(method);
	}

	private static boolean requireOnce(boolean seen, String what, Method method) {
		if (seen) {
			throw new IllegalArgumentException(VerticleDefinition.describe(method) + " declares more than one " + what
					+ " parameter; a @Consume method takes at most one payload, one Message and one VerticleContext");
		}
		return true;
	}

	String address() {
		return this.address;
	}

	boolean takesMessage() {
		return this.takesMessage;
	}

	ReturnKind returnKind() {
		return this.returnKind;
	}

	/**
	 * Returns why the message's body cannot be passed to this method, or {@code null} when it can.
	 */
	String payloadMismatch(Message<Object> message) {
		Object body = message.body();
		if (body == null) {
			return this.primitivePayload ? "Body of '" + this.address + "' is null but "
					+ VerticleDefinition.describe(this.method) + " takes a " + this.method.getParameterTypes()[0] : null;
		}
		if (!this.payloadType.isInstance(body)) {
			return "Body of '" + this.address + "' is a " + body.getClass().getName() + " but "
					+ VerticleDefinition.describe(this.method) + " takes a " + this.payloadType.getName();
		}
		return null;
	}

	/**
	 * Calls the method.
	 * @throws Throwable what the method threw
	 */
	Object invoke(Object target, VerticleContext context, Message<Object> message) throws Throwable {
		Object[] values = new Object[this.arguments.length];
		for (int i = 0; i < values.length; i++) {
			values[i] = switch (this.arguments[i]) {
				case PAYLOAD -> message.body();
				case MESSAGE -> message;
				case CONTEXT -> context;
			};
		}
		try {
			return this.method.invoke(target, values);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	private static Class<?> box(Class<?> type) {
		if (!type.isPrimitive()) {
			return type;
		}
		return switch (type.getName()) {
			case "int" -> Integer.class;
			case "long" -> Long.class;
			case "double" -> Double.class;
			case "float" -> Float.class;
			case "boolean" -> Boolean.class;
			case "byte" -> Byte.class;
			case "short" -> Short.class;
			default -> Character.class;
		};
	}

	@Override
	public String toString() {
		return VerticleDefinition.describe(this.method) + " on '" + this.address + "'";
	}

}
