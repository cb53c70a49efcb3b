package app.provisioning.webhooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import app.provisioning.platform.Refusal;
import app.provisioning.mapping.feed.ChangeFeed;
import app.provisioning.mapping.feed.FeedEvent;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An endpoint's delivery log, and what an administrator can send again or send to try it.
 */
@Service
public class WebhookDeliveries {

	public static final int DEFAULT_LIMIT = 50;

	public static final int MAX_LIMIT = 500;

	/**
	 * Most events one "redeliver since" queues, so one click cannot queue a whole history
	 * by accident.
	 */
	public static final int MAX_REDELIVER = 10_000;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<String> STATES = List.of("pending", "delivered", "failed", "cancelled");

	private final JdbcTemplate jdbc;

	private final WebhookEndpoints endpoints;

	private final ChangeFeed feed;

	private final DeliveryQueue queue;

	private final Clock clock;

	WebhookDeliveries(JdbcTemplate jdbc, WebhookEndpoints endpoints, ChangeFeed feed, DeliveryQueue queue,
			Clock clock) {
		this.jdbc = jdbc;
		this.endpoints = endpoints;
		this.feed = feed;
		this.queue = queue;
		this.clock = clock;
	}

	/**
	 * One delivery of one event to one endpoint; {@code attempts} only when asked for one
	 * delivery.
	 */
	public record Delivery(long id, String eventId, String eventType, UUID recordId, String state, int attempts,
			Instant nextAttemptAt, Integer lastStatus, String lastError, Integer lastLatencyMs, Instant createdAt,
			Instant deliveredAt, List<Attempt> attemptLog) {
	}

	public record Attempt(Instant at, Integer status, Integer latencyMs, String responseExcerpt, String error) {
	}

	/**
	 * Newest first; {@code next} is the {@code before} of the following page, null at the
	 * end.
	 */
	public record Page(List<Delivery> deliveries, String next) {
	}

	@Transactional(readOnly = true)
	public Page list(UUID accountId, UUID endpointId, String state, String before, Integer limit) {
		this.endpoints.get(accountId, endpointId);
		int size = (limit == null) ? DEFAULT_LIMIT : limit;
		if (size < 1 || size > MAX_LIMIT) {
			throw Refusal.invalid("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
		}
		if (state != null && !STATES.contains(state)) {
			throw Refusal.invalid("state must be one of " + String.join(", ", STATES) + ", not '" + state + "'");
		}
		long from = Long.MAX_VALUE;
		if (before != null) {
			if (!before.matches("[0-9]{1,18}")) {
				throw Refusal.invalid("before '" + before + "' is not a cursor of this list; pass its" + " 'next'");
			}
			from = Long.parseLong(before);
		}
		List<Delivery> rows = this.jdbc.query(
				"SELECT * FROM webhook_delivery WHERE endpoint_id = ? AND id < ?"
						+ " AND (?::text IS NULL OR state = ?) ORDER BY id DESC LIMIT ?",
				(rs, n) -> delivery(rs, null), endpointId, from, state, state, size + 1);
		String next = null;
		if (rows.size() > size) {
			rows = rows.subList(0, size);
			next = Long.toString(rows.get(size - 1).id());
		}
		return new Page(List.copyOf(rows), next);
	}

	@Transactional(readOnly = true)
	public Delivery get(UUID accountId, UUID endpointId, long deliveryId) {
		this.endpoints.get(accountId, endpointId);
		List<Attempt> attempts = new ArrayList<>(this.jdbc.query(
				"SELECT * FROM webhook_attempt WHERE delivery_id = ? ORDER BY id",
				(rs, n) -> new Attempt(WebhookEndpoints.instant(rs, "at"), (Integer) rs.getObject("status"),
						(Integer) rs.getObject("latency_ms"), rs.getString("response_excerpt"), rs.getString("error")),
				deliveryId));
		return this.jdbc.query("SELECT * FROM webhook_delivery WHERE endpoint_id = ? AND id = ?", (rs, n) -> {
			// Only failed attempts have rows; the one that delivered is kept on the
			// delivery.
			if ("delivered".equals(rs.getString("state"))) {
				attempts.add(
						new Attempt(WebhookEndpoints.instant(rs, "delivered_at"), (Integer) rs.getObject("last_status"),
								(Integer) rs.getObject("last_latency_ms"), rs.getString("last_excerpt"), null));
			}
			return delivery(rs, List.copyOf(attempts));
		}, endpointId, deliveryId).stream().findFirst().orElseThrow(() -> Refusal.notFound("Delivery " + deliveryId));
	}

	/**
	 * Queues a {@code webhook.test} message through the normal queue (signed, retried,
	 * logged), whatever event types the endpoint asked for.
	 */
	@Transactional
	public Delivery sendTest(UUID accountId, UUID endpointId) {
		WebhookEndpoint endpoint = this.endpoints.get(accountId, endpointId);
		if (!endpoint.enabled()) {
			throw Refusal.conflict("The endpoint is disabled; enable it before sending a test event");
		}
		String messageId = "msg_test_" + UUID.randomUUID().toString().replace("-", "");
		String payload = JSON.writeValueAsString(Map.of("id", messageId, "type", EventTypes.TEST, "timestamp",
				this.clock.instant().toString(), "data", Map.of("endpointId", endpointId.toString(), "message",
						"A test event sent from the administration console or API")));
		long id = this.queue.addTest(endpointId, accountId, messageId, payload);
		return get(accountId, endpointId, id);
	}

	/**
	 * Queues one event again, or every event of the endpoint's types since a time (up to
	 * where the endpoint has got). The webhook-id stays the event's id: receivers that
	 * remember ids see it is the same event.
	 * @return how many deliveries were queued
	 */
	@Transactional
	public int redeliver(UUID accountId, UUID endpointId, String eventId, Instant since) {
		WebhookEndpoint endpoint = this.endpoints.get(accountId, endpointId);
		if (!endpoint.enabled()) {
			throw Refusal.conflict("The endpoint is disabled; enable it before redelivering");
		}
		if ((eventId == null) == (since == null)) {
			throw Refusal.invalid("give either eventId or since, not both or neither");
		}
		if (eventId != null) {
			if (FeedEvent.rowId(eventId) < 0) {
				throw Refusal.invalid("eventId '" + eventId + "' is not an event id (they look like evt_1234)");
			}
			Optional<FeedEvent> event = this.feed.event(accountId, eventId);
			if (event.isPresent()) {
				this.queue.add(endpointId, accountId, List.of(event.get()));
				return 1;
			}
			int copied = this.queue.copy(endpointId, eventId);
			if (copied == 0) {
				throw Refusal.notFound("Event " + eventId + " (it may have been purged)");
			}
			return copied;
		}
		if (since.isAfter(this.clock.instant())) {
			throw Refusal.invalid("since must not be in the future: " + since);
		}
		long reached = this.jdbc.queryForObject("SELECT feed_position FROM webhook_endpoint WHERE id = ?", Long.class,
				endpointId);
		long position = this.feed.positionBefore(accountId, since);
		List<FeedEvent> wanted = new ArrayList<>();
		boolean more = position < reached;
		while (more) {
			List<FeedEvent> page = this.feed.after(accountId, position, 1000);
			more = page.size() == 1000;
			for (FeedEvent event : page) {
				long at = Long.parseLong(event.cursor());
				if (at > reached || wanted.size() >= MAX_REDELIVER) {
					more = false;
					break;
				}
				if (endpoint.eventTypes().isEmpty() || endpoint.eventTypes().contains(event.type())) {
					wanted.add(event);
				}
				position = at;
			}
		}
		this.queue.add(endpointId, accountId, wanted);
		return wanted.size();
	}

	private static Delivery delivery(ResultSet rs, List<Attempt> attempts) throws SQLException {
		return new Delivery(rs.getLong("id"), rs.getString("event_id"), rs.getString("event_type"),
				rs.getObject("record_id", UUID.class), rs.getString("state"), rs.getInt("attempts"),
				WebhookEndpoints.instant(rs, "next_attempt_at"), (Integer) rs.getObject("last_status"),
				rs.getString("last_error"), (Integer) rs.getObject("last_latency_ms"),
				WebhookEndpoints.instant(rs, "created_at"), WebhookEndpoints.instant(rs, "delivered_at"), attempts);
	}

}
