package app.provisioning.webhooks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claims due deliveries for this instance and writes down how their attempts went. A
 * claim is a lease: if this instance stops before writing the outcome, the lease runs out
 * and another instance sends the delivery again (at least once).
 */
@Component
class DeliveryLedger {

	/**
	 * Leases due deliveries: parameters are the per-endpoint limit, the endpoints' ids
	 * and open counts (two arrays), the overall limit and the lease in milliseconds.
	 */
	static final String CLAIM = "WITH room AS (SELECT id, room FROM"
			+ " (SELECT t.id, ? - coalesce(busy.open, 0) AS room FROM webhook_endpoint t"
			+ " LEFT JOIN unnest(?::uuid[], ?::int[]) AS busy(endpoint_id, open) ON busy.endpoint_id = t.id) r"
			+ " WHERE room > 0),"
			+ " chosen AS (SELECT c.id FROM room, LATERAL (SELECT w.id, w.next_attempt_at FROM webhook_delivery w"
			+ " WHERE w.endpoint_id = room.id AND w.state = 'pending' AND w.next_attempt_at <= now()"
			+ " AND (w.lease_until IS NULL OR w.lease_until < now())"
			// The record's oldest pending delivery, found with one index probe per
			// candidate (webhook_delivery_record_idx). Written as NOT EXISTS, the planner
			// could scan all of the endpoint's pending deliveries per candidate when its
			// statistics were stale.
			+ " AND (w.record_id IS NULL OR w.id = (SELECT min(e.id) FROM webhook_delivery e"
			+ " WHERE e.endpoint_id = w.endpoint_id AND e.record_id = w.record_id AND e.state = 'pending'))"
			+ " ORDER BY w.next_attempt_at, w.id LIMIT room.room FOR UPDATE SKIP LOCKED) c"
			+ " ORDER BY c.next_attempt_at, c.id LIMIT ?)"
			+ " UPDATE webhook_delivery d SET lease_until = now() + ? * interval '1 millisecond'"
			// An array of ids, so the rows are found by primary key whatever the queue's
			// size: joined with the chosen rows instead, the planner may read the whole
			// table.
			+ " FROM webhook_endpoint t WHERE d.id = ANY(ARRAY(SELECT id FROM chosen)) AND t.id = d.endpoint_id"
			+ " RETURNING d.id, d.endpoint_id, d.event_id, d.payload, t.url, t.secret, t.previous_secret,"
			+ " t.previous_secret_expires_at";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final WebhookEndpoints endpoints;

	private final WebhooksProperties properties;

	private final RetrySchedule retries;

	DeliveryLedger(JdbcTemplate jdbc, TransactionTemplate transactions, WebhookEndpoints endpoints,
			WebhooksProperties properties) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.endpoints = endpoints;
		this.properties = properties;
		this.retries = new RetrySchedule(properties.firstRetry());
	}

	/** A delivery this instance now holds the lease of, and the endpoint it goes to. */
	record Claim(UUID endpointId, WebhookSender.Message message) {
	}

	/**
	 * Due deliveries, each ready to send, oldest first. A delivery waits while its
	 * endpoint has an earlier pending delivery of the same record, so a record's events
	 * arrive in order even across retries; other records are not held up. No endpoint
	 * gets more than {@code perEndpoint} open at once on this instance ({@code sending}
	 * says how many it has now), so one slow receiver cannot take every slot.
	 */
	List<Claim> claim(int limit, int perEndpoint, Map<UUID, Integer> sending) {
		UUID[] busy = sending.keySet().toArray(UUID[]::new);
		Integer[] open = Arrays.stream(busy).map(sending::get).toArray(Integer[]::new);
		Map<UUID, Target> targets = new HashMap<>();
		// Per endpoint (index webhook_delivery_endpoint_due_idx), so an endpoint at its
		// limit costs nothing and one with a long backlog does not hide the others.
		return this.transactions.execute((status) -> {
			// The planner's estimate for this statement grows with the queue and crosses
			// the cost at which PostgreSQL compiles it to machine code: 20-50 ms a claim
			// for 1 ms of work.
			this.jdbc.execute("SET LOCAL jit = off");
			return leaseDue(limit, perEndpoint, busy, open, targets);
		});
	}

	private List<Claim> leaseDue(int limit, int perEndpoint, UUID[] busy, Integer[] open, Map<UUID, Target> targets) {
		return this.jdbc.query(CLAIM, (rs, n) -> {
			UUID endpointId = rs.getObject("endpoint_id", UUID.class);
			Target target = targets.get(endpointId);
			if (target == null) {
				target = new Target(rs.getString("url"), this.endpoints.signingSecrets(rs.getBytes("secret"),
						rs.getBytes("previous_secret"), WebhookEndpoints.instant(rs, "previous_secret_expires_at")));
				targets.put(endpointId, target);
			}
			return new Claim(endpointId, new WebhookSender.Message(rs.getLong("id"), target.url(),
					rs.getString("event_id"), rs.getString("payload"), target.secrets()));
		}, perEndpoint, busy, open, limit, this.properties.lease().toMillis());
	}

	private record Target(String url, List<WebhookSecret> secrets) {
	}

	/**
	 * Writes the outcome of a batch of attempts in one transaction. The endpoints whose
	 * row it will change are locked first, in order, before any delivery: disabling an
	 * endpoint locks the endpoint and then its deliveries, and the other order deadlocks
	 * with it.
	 */
	void record(List<DeliveryAttempt> attempts) {
		List<DeliveryAttempt> delivered = attempts.stream().filter(DeliveryAttempt::delivered).toList();
		List<DeliveryAttempt> failed = attempts.stream().filter((attempt) -> !attempt.delivered()).toList();
		this.transactions.executeWithoutResult((status) -> {
			lockEndpointsOf(failed, delivered);
			if (!delivered.isEmpty()) {
				delivered(delivered);
			}
			failed(failed);
		});
	}

	/**
	 * Locks the endpoints whose row this batch changes, in id order: with a failure, all
	 * of the batch's endpoints (their failure clock moves); otherwise only those that
	 * were failing and now delivered, so the usual batch locks no endpoint. Their failure
	 * clock is cleared in the same statement.
	 */
	private void lockEndpointsOf(List<DeliveryAttempt> failed, List<DeliveryAttempt> delivered) {
		if (!failed.isEmpty()) {
			this.jdbc.queryForList("SELECT id FROM webhook_endpoint WHERE id IN"
					+ " (SELECT endpoint_id FROM webhook_delivery WHERE id = ANY(?)) ORDER BY id FOR NO KEY UPDATE",
					UUID.class, (Object) ids(failed, delivered));
		}
		if (!delivered.isEmpty()) {
			this.jdbc.update("UPDATE webhook_endpoint SET failing_since = null WHERE id IN"
					+ " (SELECT id FROM webhook_endpoint WHERE failing_since IS NOT NULL AND id IN"
					+ " (SELECT endpoint_id FROM webhook_delivery WHERE id = ANY(?)) ORDER BY id FOR NO KEY UPDATE)",
					(Object) ids(delivered));
		}
	}

	@SafeVarargs
	private static Long[] ids(List<DeliveryAttempt>... attempts) {
		return Arrays.stream(attempts).flatMap(List::stream).map(DeliveryAttempt::deliveryId).toArray(Long[]::new);
	}

	/**
	 * Writes failed attempts of pending deliveries (inside the caller's transaction):
	 * each one's attempt row, its next try or its end, and what the failures mean for the
	 * endpoint (410 Gone, failing for too long). The attempt that delivers is kept on the
	 * delivery itself; only failures get rows of their own.
	 */
	void failed(List<DeliveryAttempt> attempts) {
		if (attempts.isEmpty()) {
			return;
		}
		this.jdbc.batchUpdate(
				"INSERT INTO webhook_attempt (delivery_id, status, latency_ms, response_excerpt, error)"
						+ " SELECT id, ?, ?, ?, ? FROM webhook_delivery WHERE id = ?",
				attempts, 500, (statement, a) -> {
					statement.setObject(1, a.status());
					statement.setInt(2, (int) a.latencyMillis());
					statement.setString(3, a.excerpt());
					statement.setString(4, a.error());
					statement.setLong(5, a.deliveryId());
				});
		for (DeliveryAttempt attempt : attempts) {
			notDelivered(attempt);
		}
	}

	/** An endpoint that just delivered is no longer failing. */
	void deliveredTo(UUID[] endpoints) {
		this.jdbc.update(
				"UPDATE webhook_endpoint SET failing_since = null WHERE id = ANY(?)" + " AND failing_since IS NOT NULL",
				(Object) endpoints);
	}

	// The common case in one statement per batch, so a fast receiver gets thousands a
	// second. The endpoints' failure clock was cleared when they were locked.
	private void delivered(List<DeliveryAttempt> attempts) {
		this.jdbc.update("UPDATE webhook_delivery d SET attempts = d.attempts + 1,"
				+ " last_status = a.status, last_error = null, last_latency_ms = a.latency, last_excerpt = a.excerpt,"
				+ " lease_until = null, state = 'delivered', delivered_at = now()"
				+ " FROM unnest(?::bigint[], ?::int[], ?::int[], ?::text[]) AS a(id, status, latency, excerpt)"
				+ " WHERE d.id = a.id AND d.state = 'pending'", ids(attempts),
				attempts.stream().map(DeliveryAttempt::status).toArray(Integer[]::new),
				attempts.stream().map((a) -> (int) a.latencyMillis()).toArray(Integer[]::new),
				attempts.stream().map(DeliveryAttempt::excerpt).toArray(String[]::new));
	}

	private void notDelivered(DeliveryAttempt attempt) {
		// Only a delivery still pending is changed: one cancelled meanwhile (endpoint
		// disabled) stays cancelled.
		List<Map<String, Object>> rows = this.jdbc.queryForList(
				"UPDATE webhook_delivery SET attempts = attempts + 1,"
						+ " last_status = ?, last_error = ?, last_latency_ms = ?, lease_until = null WHERE id = ?"
						+ " AND state = 'pending' RETURNING endpoint_id, attempts",
				attempt.status(), attempt.error(), (int) attempt.latencyMillis(), attempt.deliveryId());
		if (rows.isEmpty()) {
			return;
		}
		UUID endpointId = (UUID) rows.get(0).get("endpoint_id");
		int attempts = (Integer) rows.get(0).get("attempts");
		if (attempt.gone()) {
			this.endpoints.disable(endpointId, "The receiver answered 410 Gone: it no longer wants these webhooks");
			return;
		}
		Optional<Duration> retry = this.retries.after(attempts);
		if (retry.isPresent()) {
			this.jdbc.update("UPDATE webhook_delivery SET next_attempt_at = now() + ? * interval '1 millisecond'"
					+ " WHERE id = ?", retry.get().toMillis(), attempt.deliveryId());
		}
		else {
			this.jdbc.update("UPDATE webhook_delivery SET state = 'failed' WHERE id = ?", attempt.deliveryId());
		}
		Boolean overdue = this.jdbc.queryForObject("UPDATE webhook_endpoint SET failing_since ="
				+ " coalesce(failing_since, now()) WHERE id = ? RETURNING failing_since < now() - ? * interval '1 millisecond'",
				Boolean.class, endpointId, this.properties.disableAfter().toMillis());
		if (Boolean.TRUE.equals(overdue)) {
			this.endpoints.disable(endpointId,
					"Deliveries kept failing for longer than " + this.properties.disableAfter().toHours()
							+ " hours; fix the receiver and enable the endpoint again");
		}
	}

}
