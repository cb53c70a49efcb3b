package app.provisioning.webhooks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Runs webhooks off the request path, on every instance: one thread queues new feed events
 * for the endpoints, and a few workers each claim a batch of due deliveries, send it at once
 * and write the outcomes. The database decides who does what (SKIP LOCKED claims, leases), so
 * instances need not know about each other.
 */
@Component
class WebhookDispatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

	static final int BATCH = 100;

	// Requests one worker has open at once: enough to keep a fast receiver busy, few enough
	// that a receiver with a small thread pool does not make them wait into their timeout.
	static final int IN_FLIGHT = 8;

	private final FanOut fanOut;

	private final DeliveryLedger ledger;

	private final WebhookSender sender;

	private final WebhooksProperties properties;

	private final AtomicInteger failing = new AtomicInteger();

	private ExecutorService threads;

	private volatile boolean running;

	WebhookDispatcher(FanOut fanOut, DeliveryLedger ledger, WebhookSender sender, WebhooksProperties properties) {
		this.fanOut = fanOut;
		this.ledger = ledger;
		this.sender = sender;
		this.properties = properties;
	}

	private void fanOutLoop() {
		while (this.running) {
			boolean busy = guarded(() -> this.fanOut.pass() > 0);
			if (!busy) {
				pause();
			}
		}
	}

	private void deliveryLoop() {
		while (this.running) {
			boolean busy = guarded(this::deliverBatch);
			if (!busy) {
				pause();
			}
		}
	}

	private boolean deliverBatch() {
		List<WebhookSender.Message> batch = this.ledger.claim(BATCH);
		if (batch.isEmpty()) {
			return false;
		}
		List<CompletableFuture<DeliveryAttempt>> sending = new ArrayList<>(batch.size());
		Semaphore inFlight = new Semaphore(IN_FLIGHT);
		for (WebhookSender.Message message : batch) {
			inFlight.acquireUninterruptibly();
			sending.add(this.sender.send(message).whenComplete((attempt, failure) -> inFlight.release()));
		}
		List<DeliveryAttempt> attempts = sending.stream().map(CompletableFuture::join).toList();
		this.ledger.record(attempts);
		return true;
	}

	private interface Step {

		boolean run();

	}

	// A database outage must not end the loops: they log once, wait and try again. Leases
	// taken before the outage run out, so nothing claimed is lost.
	private boolean guarded(Step step) {
		try {
			boolean busy = step.run();
			if (this.failing.getAndSet(0) > 0) {
				log.info("Webhook delivery works again");
			}
			return busy;
		}
		catch (DataAccessException | org.springframework.transaction.TransactionException ex) {
			if (this.failing.getAndIncrement() == 0) {
				log.warn("Webhook delivery paused, retrying every {}: {}", this.properties.pollInterval(),
						ex.getMessage());
			}
			return false;
		}
		catch (RuntimeException ex) {
			log.error("Webhook delivery step failed; trying again", ex);
			return false;
		}
	}

	private void pause() {
		try {
			Thread.sleep(this.properties.pollInterval().toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

	@Override
	public synchronized void start() {
		int workers = this.properties.workers();
		AtomicInteger number = new AtomicInteger();
		this.threads = Executors.newFixedThreadPool(workers + 1, (task) -> {
			Thread thread = new Thread(task, "webhooks-" + number.getAndIncrement());
			thread.setDaemon(true);
			return thread;
		});
		this.running = true;
		this.threads.execute(this::fanOutLoop);
		for (int i = 0; i < workers; i++) {
			this.threads.execute(this::deliveryLoop);
		}
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		if (this.threads != null) {
			this.threads.shutdownNow();
			try {
				this.threads.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.threads = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.threads != null;
	}

}
