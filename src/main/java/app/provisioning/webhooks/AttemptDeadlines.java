package app.provisioning.webhooks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ends an attempt that outlives the request timeout, whatever it is waiting for: the
 * socket timeouts alone would let a receiver that trickles its answer hold a thread
 * forever.
 * <p>
 * One sweep a tenth of the timeout (at most a second) looks at every open attempt, rather
 * than a timer per attempt: scheduling and cancelling a timer woke the timer thread for
 * most deliveries, which cost more than the sweeps do. The attempt's own thread also
 * checks its deadline between the reads of an answer, so a receiver that trickles its
 * answer is cut off within one read of the deadline.
 */
final class AttemptDeadlines implements AutoCloseable {

	/** An open attempt: how to end it, and whether its deadline ended it. */
	static final class Open {

		private final Runnable abort;

		private final long deadlineNanos;

		private final AtomicBoolean expired = new AtomicBoolean();

		private Open(Runnable abort, long deadlineNanos) {
			this.abort = abort;
			this.deadlineNanos = deadlineNanos;
		}

		/**
		 * Whether the attempt is past its deadline, whether or not a sweep saw it yet.
		 */
		boolean expired() {
			return this.expired.get() || System.nanoTime() - this.deadlineNanos >= 0;
		}

	}

	private final long timeoutNanos;

	private final Map<Open, Boolean> open = new ConcurrentHashMap<>();

	private final ScheduledExecutorService sweeper;

	// Closing a connection may wait for a read in progress on it to return; it happens
	// off the sweeper, so one stuck connection never delays the others' deadlines.
	private final ExecutorService disconnects = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "webhook-disconnect");
		thread.setDaemon(true);
		return thread;
	});

	AttemptDeadlines(Duration timeout) {
		this.timeoutNanos = timeout.toNanos();
		long period = Math.max(10, Math.min(1000, timeout.toMillis() / 10));
		this.sweeper = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "webhook-deadlines");
			thread.setDaemon(true);
			return thread;
		});
		this.sweeper.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
	}

	/** Starts the clock of an attempt; {@link #finished} must follow. */
	Open started(Runnable abort) {
		Open attempt = new Open(abort, System.nanoTime() + this.timeoutNanos);
		this.open.put(attempt, Boolean.TRUE);
		return attempt;
	}

	void finished(Open attempt) {
		this.open.remove(attempt);
	}

	private void sweep() {
		long now = System.nanoTime();
		for (Open attempt : this.open.keySet()) {
			if (now - attempt.deadlineNanos >= 0 && attempt.expired.compareAndSet(false, true)) {
				this.open.remove(attempt);
				this.disconnects.execute(() -> {
					try {
						attempt.abort.run();
					}
					catch (RuntimeException ex) {
						// The attempt's own thread sees the expiry and reports the
						// timeout.
					}
				});
			}
		}
	}

	@Override
	public void close() {
		this.sweeper.shutdownNow();
		this.disconnects.shutdownNow();
	}

}
