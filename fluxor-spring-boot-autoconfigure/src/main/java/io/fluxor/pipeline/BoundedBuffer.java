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

	/**
	 * Puts a run of items with one claim of the tail: as many of {@code items[from..from+count)}
	 * (indices masked by {@code mask}) as fit, possibly none.
	 * @return how many were put
	 */
	int offer(Object[] items, int from, int count, int itemMask) {
		for (;;) {
			long position = this.tail.get();
			int room = (int) Math.min(count, this.capacity - (position - this.head.get()));
			int free = 0;
			// Every claimed slot must be free for its position: a slow consumer may still hold one.
			while (free < room && this.sequences.getAcquire(index(position + free)) == position + free) {
				free++;
			}
			if (free == 0) {
				if (room <= 0 || this.sequences.getAcquire(index(position)) < position) {
					return 0;
				}
				continue;
			}
			if (this.tail.compareAndSet(position, position + free)) {
				for (int i = 0; i < free; i++) {
					int index = index(position + i);
					this.items[index] = items[(from + i) & itemMask];
					this.sequences.setRelease(index, position + i + 1);
				}
				return free;
			}
		}
	}

	/**
	 * Takes up to {@code max} items with one claim of the head, into {@code into} from index 0.
	 * @return how many were taken, possibly none
	 */
	int poll(Object[] into, int max) {
		for (;;) {
			long position = this.head.get();
			int ready = 0;
			while (ready < max && this.sequences.getAcquire(index(position + ready)) == position + ready + 1) {
				ready++;
			}
			if (ready == 0) {
				if (this.sequences.getAcquire(index(position)) < position + 1) {
					return 0;
				}
				continue;
			}
			if (this.head.compareAndSet(position, position + ready)) {
				for (int i = 0; i < ready; i++) {
					int index = index(position + i);
					into[i] = this.items[index];
					this.items[index] = null;
					if (i + 1 < ready) {
						this.sequences.setRelease(index, position + i + this.slots);
					}
					else {
						// Volatile, as in poll(): orders the frees before the caller's read of waiters.
						this.sequences.set(index, position + i + this.slots);
					}
				}
				return ready;
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
