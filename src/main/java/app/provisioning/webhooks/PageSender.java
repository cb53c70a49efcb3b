package app.provisioning.webhooks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import app.provisioning.mapping.feed.FeedEvent;

import tools.jackson.databind.json.JsonMapper;

/**
 * Sends one page of an endpoint's new events, up to the per-endpoint limit at once, and
 * waits for every answer. A page holds one event per record at most (it ends before a
 * record's second event), so a record's events go out one after the other; an event whose
 * record still has a delivery waiting to be retried is not sent but held behind it.
 */
final class PageSender {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final WebhookSender sender;

	private final int perEndpoint;

	PageSender(WebhookSender sender, int perEndpoint) {
		this.sender = sender;
		this.perEndpoint = perEndpoint;
	}

	/**
	 * One event of the page and what became of it.
	 *
	 * @param attempt null when the event was held behind its record's waiting delivery
	 */
	record Outcome(FeedEvent event, String payload, DeliveryAttempt attempt) {

		boolean delivered() {
			return this.attempt != null && this.attempt.delivered();
		}

	}

	/**
	 * @param reached the feed position the endpoint has got to with this page
	 * @param cut true when the page stopped before its last event (a record's second
	 * event, or time up): the rest is still to do
	 */
	record Result(List<Outcome> outcomes, long reached, boolean cut) {
	}

	/**
	 * @param held records with a delivery still waiting at this endpoint
	 * @param sendUntil no new request is started after this {@link System#nanoTime()}, so
	 * the page ends before the lease does
	 * @param going false once the server is stopping: nothing more is started
	 */
	Result send(EndpointStream stream, List<FeedEvent> events, Set<UUID> held, long sendUntil, BooleanSupplier going)
			throws InterruptedException {
		Semaphore open = new Semaphore(this.perEndpoint);
		Set<UUID> seen = new HashSet<>();
		List<FeedEvent> sent = new ArrayList<>();
		List<String> payloads = new ArrayList<>();
		List<CompletableFuture<DeliveryAttempt>> answers = new ArrayList<>();
		long reached = stream.position();
		boolean cut = false;
		for (FeedEvent event : events) {
			if (stream.wants(event)) {
				UUID record = event.record().id();
				if (!seen.add(record) || !going.getAsBoolean()
						|| !open.tryAcquire(Math.max(0, sendUntil - System.nanoTime()), TimeUnit.NANOSECONDS)) {
					cut = true;
					break;
				}
				String payload = JSON.writeValueAsString(event);
				sent.add(event);
				payloads.add(payload);
				if (held.contains(record)) {
					open.release();
					answers.add(null);
				}
				else {
					answers.add(this.sender
						.send(new WebhookSender.Message(0, stream.url(), event.id(), payload, stream.secrets()))
						.whenComplete((attempt, failure) -> open.release()));
				}
			}
			reached = Long.parseLong(event.cursor());
		}
		List<Outcome> outcomes = new ArrayList<>(sent.size());
		for (int i = 0; i < sent.size(); i++) {
			CompletableFuture<DeliveryAttempt> answer = answers.get(i);
			// The sender ends every attempt within its request timeout and never fails
			// the
			// future.
			outcomes.add(new Outcome(sent.get(i), payloads.get(i), (answer != null) ? answer.join() : null));
		}
		return new Result(outcomes, reached, cut);
	}

}
