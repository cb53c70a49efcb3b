package app.provisioning.webhooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Keeps up to the allowed number of deliveries open and writes their outcomes as they
 * come in. A delivery is sent as soon as it is claimed, and a slow receiver holds only
 * its own slots: outcomes are written in small groups while the other requests are still
 * open, and new work is claimed as slots free up. Driven by one thread calling
 * {@link #turn()}.
 */
class DeliveryPipeline {

	// Outcomes written in one transaction at most, and how long the first of them waits
	// for company: a few milliseconds buy one commit for dozens of deliveries.
	static final int RECORD_BATCH = 200;

	static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

	private final DeliveryLedger ledger;

	private final WebhookSender sender;

	private final WebhooksProperties properties;

	private final InFlight inFlight = new InFlight();

	private final BlockingQueue<DeliveryAttempt> finished = new LinkedBlockingQueue<>();

	// When to claim again: now while there may be due work, a poll interval later once a
	// claim found less than it had room for.
	private long nextClaimNanos = System.nanoTime();

	DeliveryPipeline(DeliveryLedger ledger, WebhookSender sender, WebhooksProperties properties) {
		this.ledger = ledger;
		this.sender = sender;
		this.properties = properties;
	}

	/**
	 * Waits for outcomes or for the time to claim, writes the outcomes, claims and sends.
	 */
	void turn() throws InterruptedException {
		List<DeliveryAttempt> done = awaitOutcomes();
		if (!done.isEmpty()) {
			this.ledger.record(done);
		}
		if (System.nanoTime() - this.nextClaimNanos >= 0) {
			claimAndSend();
		}
	}

	/**
	 * Writes what finished, waiting up to {@code limitMillis} for what is still open (at
	 * shutdown).
	 */
	void finish(long limitMillis) throws InterruptedException {
		long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMillis);
		while (this.inFlight.total() > 0 && System.nanoTime() < end) {
			Thread.sleep(10);
		}
		List<DeliveryAttempt> done = new ArrayList<>();
		this.finished.drainTo(done);
		if (!done.isEmpty()) {
			this.ledger.record(done);
		}
	}

	private List<DeliveryAttempt> awaitOutcomes() throws InterruptedException {
		long now = System.nanoTime();
		long wait = this.nextClaimNanos - now;
		if (wait <= 0) {
			// Claiming is due: wait only when every slot is taken or the last claim met a
			// cap (then a finished delivery is what frees room).
			wait = (this.inFlight.total() > 0) ? this.properties.pollInterval().toNanos() : 0;
		}
		DeliveryAttempt first = this.finished.poll(wait, TimeUnit.NANOSECONDS);
		if (first == null) {
			return List.of();
		}
		List<DeliveryAttempt> done = new ArrayList<>();
		done.add(first);
		long gatherUntil = System.nanoTime() + GATHER_NANOS;
		while (done.size() < RECORD_BATCH && this.inFlight.total() > 0) {
			long left = gatherUntil - System.nanoTime();
			DeliveryAttempt next = (left > 0) ? this.finished.poll(left, TimeUnit.NANOSECONDS) : null;
			if (next == null) {
				break;
			}
			done.add(next);
		}
		this.finished.drainTo(done, RECORD_BATCH - done.size());
		return done;
	}

	private void claimAndSend() {
		int room = this.properties.maxInFlight() - this.inFlight.total();
		if (room <= 0) {
			return;
		}
		int perEndpoint = this.properties.maxInFlightPerEndpoint();
		Map<UUID, Integer> open = this.inFlight.perEndpoint();
		List<DeliveryLedger.Claim> claims = this.ledger.claim(room, perEndpoint, open);
		for (DeliveryLedger.Claim claim : claims) {
			open.merge(claim.endpointId(), 1, Integer::sum);
			this.inFlight.add(claim.endpointId());
			this.sender.send(claim.message()).whenComplete((attempt, failure) -> {
				this.inFlight.remove(claim.endpointId());
				this.finished.add((attempt != null) ? attempt
						: new DeliveryAttempt(claim.message().deliveryId(), null, 0, null, "Not sent: " + failure));
			});
		}
		// Counted from the claim, not from what is open now: fast answers may already be
		// back.
		boolean capped = open.values().stream().anyMatch((count) -> count >= perEndpoint);
		boolean drained = claims.size() < room && !capped;
		this.nextClaimNanos = System.nanoTime() + (drained ? this.properties.pollInterval().toNanos() : 0);
	}

}
