package app.provisioning.webhooks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
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
		Plan plan = Plan.of(stream, events);
		Outcome[] outcomes = new Outcome[plan.wanted().size()];
		Turns turns = new Turns(plan.wanted().size(), sendUntil, going);
		Runnable worker = () -> {
			for (int i = turns.next(); i >= 0; i = turns.next()) {
				try {
					outcomes[i] = outcome(stream, plan.wanted().get(i), held);
				}
				catch (RuntimeException ex) {
					turns.failed(ex);
				}
				finally {
					turns.finished();
				}
			}
		};
		// Each worker sends one event after another, so a delivery wakes no thread but
		// the one that waits for its answer; the streamer's own thread is one of them. A
		// helper that starts after every event was handed out just ends: nobody waits for
		// it.
		int helpers = Math.min(this.perEndpoint, outcomes.length) - 1;
		for (int i = 0; i < helpers; i++) {
			if (!this.sender.onRequestThread(worker)) {
				break;
			}
		}
		worker.run();
		turns.awaitAnswers();
		int started = turns.started();
		List<Outcome> sent = new ArrayList<>(started);
		for (int i = 0; i < started; i++) {
			sent.add(outcomes[i]);
		}
		boolean all = started == outcomes.length;
		return new Result(sent, all ? plan.reached() : plan.before().get(started), !all || plan.cut());
	}

	private Outcome outcome(EndpointStream stream, FeedEvent event, Set<UUID> held) {
		String payload = JSON.writeValueAsString(event);
		if (held.contains(event.record().id())) {
			return new Outcome(event, payload, null);
		}
		return new Outcome(event, payload,
				this.sender.sendNow(new WebhookSender.Message(0, stream.url(), event.id(), payload, stream.secrets())));
	}

	/**
	 * The page's events the endpoint wants, up to a record's second event.
	 *
	 * @param before for each wanted event, the feed position the endpoint reaches when
	 * the page ends just before it
	 * @param reached the position reached when every wanted event is sent
	 * @param cut true when a record's second event ended the plan early
	 */
	private record Plan(List<FeedEvent> wanted, List<Long> before, long reached, boolean cut) {

		static Plan of(EndpointStream stream, List<FeedEvent> events) {
			Set<UUID> seen = new HashSet<>();
			List<FeedEvent> wanted = new ArrayList<>();
			List<Long> before = new ArrayList<>();
			long reached = stream.position();
			for (FeedEvent event : events) {
				if (stream.wants(event)) {
					if (!seen.add(event.record().id())) {
						return new Plan(wanted, before, reached, true);
					}
					wanted.add(event);
					before.add(reached);
				}
				reached = Long.parseLong(event.cursor());
			}
			return new Plan(wanted, before, reached, false);
		}

	}

	/**
	 * Hands out the planned events in order until time is up or the server stops, so the
	 * events started are always the first ones of the plan.
	 */
	private static final class Turns {

		private final int size;

		private final long sendUntil;

		private final BooleanSupplier going;

		private int next;

		private boolean stopped;

		private int open;

		private RuntimeException failure;

		Turns(int size, long sendUntil, BooleanSupplier going) {
			this.size = size;
			this.sendUntil = sendUntil;
			this.going = going;
		}

		synchronized int next() {
			if (this.stopped || this.next >= this.size || !this.going.getAsBoolean()
					|| System.nanoTime() - this.sendUntil >= 0) {
				this.stopped = true;
				return -1;
			}
			this.open++;
			return this.next++;
		}

		synchronized void finished() {
			if (--this.open == 0 && this.stopped) {
				notifyAll();
			}
		}

		/**
		 * Stops handing out events; the page is not written and is sent again by the next
		 * turn.
		 */
		synchronized void failed(RuntimeException failure) {
			this.stopped = true;
			if (this.failure == null) {
				this.failure = failure;
			}
		}

		/**
		 * Called once no more events are handed out: waits for those still open, and
		 * rethrows what failed one.
		 */
		synchronized void awaitAnswers() throws InterruptedException {
			while (this.open > 0) {
				wait();
			}
			if (this.failure != null) {
				throw this.failure;
			}
		}

		synchronized int started() {
			return this.next;
		}

	}

}
