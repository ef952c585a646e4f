package io.fluxor.pipeline;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The bounded, lock-free, multi-producer multi-consumer buffer of one edge between two stages
 * (a sequence per slot, after Dmitry Vyukov's bounded queue, over a power-of-two ring of at least
 * two slots; the configured capacity is enforced on top of it, so it may be any positive number). {@link #offer} fails at once when it
 * is full: the producing worker then registers as a waiter and parks its output until the consumer
 * frees a slot and wakes it, so no thread ever blocks and nothing is buffered beyond the capacity.
 */
final class BoundedBuffer {

	private final int capacity;

	private final int slots;

	private final int mask;

	private final Object[] items;

	private final AtomicLongArray sequences;

	private final AtomicLong head = new AtomicLong();

	private final AtomicLong tail = new AtomicLong();

	/** The stage that puts items in. */
	final StageRuntime producer;

	/** The stage that takes items out. */
	final StageRuntime consumer;

	/** Non-zero when a producer found the buffer full and waits to be woken. */
	volatile int waiters;

	BoundedBuffer(int capacity, StageRuntime producer, StageRuntime consumer) {
		this.capacity = capacity;
		// One slot would make "written at p" and "freed at p" the same sequence: use two at least.
		int slots = Math.max(2, Integer.highestOneBit(capacity - 1) << 1);
		this.slots = slots;
		this.mask = slots - 1;
		this.items = new Object[slots];
		this.sequences = new AtomicLongArray(slots);
		for (int i = 0; i < slots; i++) {
			this.sequences.set(i, i);
		}
		this.producer = producer;
		this.consumer = consumer;
	}

	private int index(long position) {
		return (int) (position & this.mask);
	}

	boolean offer(Object item) {
		long position = this.tail.get();
		for (;;) {
			int index = index(position);
			long difference = this.sequences.getAcquire(index) - position;
			if (difference == 0) {
				if (position - this.head.get() >= this.capacity) {
					// The ring may have more slots than the capacity; a stale head only errs on the full side.
					return false;
				}
				if (this.tail.compareAndSet(position, position + 1)) {
					this.items[index] = item;
					this.sequences.setRelease(index, position + 1);
					return true;
				}
				position = this.tail.get();
			}
			else if (difference < 0) {
				return false;
			}
			else {
				position = this.tail.get();
			}
		}
	}

	Object poll() {
		long position = this.head.get();
		for (;;) {
			int index = index(position);
			long difference = this.sequences.getAcquire(index) - (position + 1);
			if (difference == 0) {
				if (this.head.compareAndSet(position, position + 1)) {
					Object item = this.items[index];
					this.items[index] = null;
					// A volatile store, so that the read of waiters that follows cannot be reordered
					// before it (the producer's side of the handshake is in Worker#flush).
					this.sequences.set(index, position + this.slots);
					return item;
				}
				position = this.head.get();
			}
			else if (difference < 0) {
				return null;
			}
			else {
				position = this.head.get();
			}
		}
	}

	int size() {
		long size = this.tail.get() - this.head.get();
		return (int) Math.max(0, Math.min(this.capacity, size));
	}

	int remaining() {
		return this.capacity - size();
	}

	int capacity() {
		return this.capacity;
	}

}
