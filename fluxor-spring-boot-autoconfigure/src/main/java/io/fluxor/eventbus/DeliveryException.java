package io.fluxor.eventbus;

/**
 * A message that could not be delivered or answered, with the typed {@link DeliveryFailure}, the
 * address, the failure code a recipient gave and how long the caller waited.
 *
 * <p>Created often under overload, so it carries no stack trace: the failure, address and message
 * say where it came from.
 */
public class DeliveryException extends RuntimeException {

	private final DeliveryFailure failure;

	private final String address;

	private final int failureCode;

	private final long waitedMillis;

	private final String recipientMessage;

	/**
	 * Creates a delivery failure.
	 * @param failure the type of failure
	 * @param address the address the message was sent to
	 * @param failureCode a code given by the recipient, or -1
	 * @param waitedMillis how long the caller waited, 0 when it failed at once
	 * @param message the description
	 */
	public DeliveryException(DeliveryFailure failure, String address, int failureCode, long waitedMillis,
			String message) {
		this(failure, address, failureCode, waitedMillis, message, null);
	}

	private DeliveryException(DeliveryFailure failure, String address, int failureCode, long waitedMillis,
			String message, String recipientMessage) {
		super(message, null, false, false);
		this.failure = failure;
		this.address = address;
		this.failureCode = failureCode;
		this.waitedMillis = waitedMillis;
		this.recipientMessage = recipientMessage;
	}

	/**
	 * Creates the failure for an address without consumers.
	 * @param address the address
	 * @return the exception
	 */
	public static DeliveryException noHandlers(String address) {
		return new DeliveryException(DeliveryFailure.NO_HANDLERS, address, -1, 0,
				"No handlers for address '" + address + "'");
	}

	/**
	 * Creates the failure for a request that was not answered in time.
	 * @param address the address
	 * @param waitedMillis how long the caller waited
	 * @return the exception
	 */
	public static DeliveryException timeout(String address, long waitedMillis) {
		return new DeliveryException(DeliveryFailure.TIMEOUT, address, -1, waitedMillis,
				"Timed out after " + waitedMillis + " ms waiting for a reply from '" + address + "'");
	}

	/**
	 * Creates the failure for a message the consumer's loop could not accept.
	 * @param address the address
	 * @param reason what the loop said
	 * @return the exception
	 */
	public static DeliveryException rejected(String address, String reason) {
		return rejected(address, reason, 0);
	}

	/**
	 * Creates the failure for a message refused after it waited, such as one still queued when its
	 * consumer's loop shut down.
	 * @param address the address
	 * @param reason why it was refused
	 * @param waitedMillis how long the caller waited
	 * @return the exception
	 */
	public static DeliveryException rejected(String address, String reason, long waitedMillis) {
		return new DeliveryException(DeliveryFailure.REJECTED, address, -1, waitedMillis,
				"Message to '" + address + "' rejected: " + reason);
	}

	/**
	 * Creates the failure a recipient reported.
	 * @param address the address
	 * @param code the recipient's failure code
	 * @param message the recipient's message
	 * @param waitedMillis how long the caller waited
	 * @return the exception
	 */
	public static DeliveryException recipientFailure(String address, int code, String message, long waitedMillis) {
		return new DeliveryException(DeliveryFailure.RECIPIENT_FAILURE, address, code, waitedMillis,
				"Recipient of '" + address + "' failed with code " + code + ": " + message, message);
	}

	/**
	 * Returns the type of failure.
	 * @return the failure
	 */
	public DeliveryFailure failure() {
		return this.failure;
	}

	/**
	 * Returns the address the message was sent to.
	 * @return the address
	 */
	public String address() {
		return this.address;
	}

	/**
	 * Returns the code the recipient gave when it failed the message.
	 * @return the code, or -1 when the recipient gave none
	 */
	public int failureCode() {
		return this.failureCode;
	}

	/**
	 * Returns the message the recipient gave when it failed the message, without decoration.
	 * @return the recipient's message, or {@code null} for other failures
	 */
	public String recipientMessage() {
		return this.recipientMessage;
	}

	/**
	 * Returns how long the caller waited before the failure.
	 * @return milliseconds
	 */
	public long waitedMillis() {
		return this.waitedMillis;
	}

}
