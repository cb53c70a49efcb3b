package app.provisioning.webhooks;

import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Runs webhooks off the request path, on every instance: a few threads send new feed
 * events to the endpoints ({@link FeedStreamer}, one endpoint per thread at a time),
 * another keeps retries, redeliveries and test messages going through the
 * {@link DeliveryPipeline}. The database decides who does what (leases on endpoints and
 * deliveries, SKIP LOCKED claims), so instances need not know about each other.
 */
@Component
class WebhookDispatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

	private final FeedStreamer streamer;

	private final DeliveryPipeline pipeline;

	private final WebhooksProperties properties;

	private final AtomicInteger failing = new AtomicInteger();

	private ExecutorService threads;

	private volatile boolean running;

	WebhookDispatcher(FeedStreamer streamer, DeliveryLedger ledger, WebhookSender sender,
			WebhooksProperties properties) {
		this.streamer = streamer;
		this.pipeline = new DeliveryPipeline(ledger, sender, properties);
		this.properties = properties;
	}

	// Each stream holds its endpoint under a name of its own, so two threads never share
	// one.
	private void streamLoop() {
		UUID owner = UUID.randomUUID();
		while (this.running) {
			boolean busy = guarded(() -> {
				try {
					return this.streamer.turn(owner, () -> this.running);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					this.running = false;
					return false;
				}
			});
			if (!busy) {
				pause();
			}
		}
	}

	private void deliveryLoop() {
		while (this.running) {
			boolean ok = guarded(() -> {
				try {
					this.pipeline.turn();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					this.running = false;
				}
				return true;
			});
			if (!ok) {
				pause();
			}
		}
		// Stopping: write what the open requests answer, so they are not sent again.
		guarded(() -> {
			try {
				this.pipeline.finish(this.properties.requestTimeout().toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return true;
		});
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
		AtomicInteger number = new AtomicInteger();
		int streams = this.properties.endpointStreams();
		this.threads = Executors.newFixedThreadPool(streams + 1, (task) -> {
			Thread thread = new Thread(task, "webhooks-" + number.getAndIncrement());
			thread.setDaemon(true);
			return thread;
		});
		this.running = true;
		for (int i = 0; i < streams; i++) {
			this.threads.execute(this::streamLoop);
		}
		this.threads.execute(this::deliveryLoop);
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		if (this.threads != null) {
			// The loops end at their next turn; the delivery loop and the streams first
			// write what their open requests answer, which takes at most one request
			// timeout.
			this.threads.shutdown();
			try {
				if (!this.threads.awaitTermination(this.properties.requestTimeout().toMillis() + 2000,
						TimeUnit.MILLISECONDS)) {
					this.threads.shutdownNow();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.threads.shutdownNow();
			}
			this.threads = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.threads != null;
	}

}
