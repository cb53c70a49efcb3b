package app.provisioning.webhooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import app.provisioning.mapping.feed.ChangeFeed;
import app.provisioning.mapping.feed.FeedEvent;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends new events straight from the change feed and writes each one down once, with its
 * outcome: a delivered event costs one row, written in a batch with the rest of its page.
 * An endpoint is followed by one sender at a time across the cluster, which holds it with
 * a lease; the endpoint's feed position moves in the transaction that writes the page, so
 * a sender that stops before writing leaves the page to be sent again (at least once). An
 * event that fails becomes a pending delivery, retried by the {@link DeliveryLedger} like
 * any other, and its record's later events are held behind it.
 */
@Component
class FeedStreamer {

	static final int PAGE = 256;

	// How long one sender keeps an endpoint that is still behind before it lets the
	// others have a turn.
	private static final long SLICE_NANOS = TimeUnit.SECONDS.toNanos(2);

	// Left between the last request a page starts and the end of the lease: a request
	// lasts at most the request timeout, and the page must be written before another
	// sender may take the endpoint over.
	private static final long LEASE_MARGIN_MILLIS = 1000;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final ChangeFeed feed;

	private final WebhookEndpoints endpoints;

	private final DeliveryLedger ledger;

	private final WebhooksProperties properties;

	private final PageSender pages;

	FeedStreamer(JdbcTemplate jdbc, TransactionTemplate transactions, ChangeFeed feed, WebhookEndpoints endpoints,
			DeliveryLedger ledger, WebhookSender sender, WebhooksProperties properties) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.feed = feed;
		this.endpoints = endpoints;
		this.ledger = ledger;
		this.properties = properties;
		this.pages = new PageSender(sender, properties.maxInFlightPerEndpoint());
	}

	/**
	 * Takes the endpoint furthest behind that no other sender holds and sends its new
	 * events for a while; true when it is still behind. Otherwise the caller pauses:
	 * under load the next turn then finds many events, which are sent and written
	 * together, and that costs the SCIM requests less.
	 */
	boolean turn(UUID owner, BooleanSupplier going) throws InterruptedException {
		long head = this.feed.headPosition();
		Optional<EndpointStream> leased = lease(owner, head);
		if (leased.isEmpty()) {
			return false;
		}
		EndpointStream stream = leased.get();
		long sliceEnd = System.nanoTime() + SLICE_NANOS;
		boolean more = true;
		try {
			while (more && going.getAsBoolean() && System.nanoTime() - sliceEnd < 0) {
				List<FeedEvent> events = this.feed.after(stream.accountId(), stream.position(), PAGE);
				PageSender.Result page = this.pages.send(stream, events, held(stream, events), sendUntil(), going);
				long reached = page.reached();
				// Every event up to the head read before the page was visible to it, so a
				// page that is neither full nor cut has seen everything up to there.
				if (events.size() < PAGE && !page.cut()) {
					reached = Math.max(reached, head);
				}
				if (!write(stream, page, reached)) {
					return false;
				}
				stream = stream.at(reached);
				more = events.size() == PAGE || page.cut();
			}
		}
		finally {
			release(stream);
		}
		return more;
	}

	private long sendUntil() {
		long budget = this.properties.lease().toMillis() - this.properties.requestTimeout().toMillis()
				- LEASE_MARGIN_MILLIS;
		return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, budget));
	}

	private Optional<EndpointStream> lease(UUID owner, long head) {
		List<UUID> behind = endpointsWithNewEvents(head);
		if (behind.isEmpty()) {
			return Optional.empty();
		}
		return this.jdbc
			.query("UPDATE webhook_endpoint t SET stream_owner = ?,"
					+ " stream_lease_until = clock_timestamp() + ? * interval '1 millisecond'"
					+ " WHERE t.id = (SELECT id FROM webhook_endpoint WHERE id = ANY(?) AND enabled"
					+ " AND (stream_lease_until IS NULL OR stream_lease_until < clock_timestamp() OR stream_owner = ?)"
					+ " ORDER BY feed_position LIMIT 1 FOR UPDATE SKIP LOCKED)"
					+ " RETURNING t.id, t.account_id, t.event_types, t.feed_position, t.url, t.secret,"
					+ " t.previous_secret, t.previous_secret_expires_at", (rs, n) -> stream(rs, owner), owner,
					this.properties.lease().toMillis(), behind.toArray(UUID[]::new), owner)
			.stream()
			.findFirst();
	}

	private EndpointStream stream(ResultSet rs, UUID owner) throws SQLException {
		return new EndpointStream(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
				List.of((String[]) rs.getArray("event_types").getArray()), rs.getLong("feed_position"),
				rs.getString("url"), this.endpoints.signingSecrets(rs.getBytes("secret"),
						rs.getBytes("previous_secret"), WebhookEndpoints.instant(rs, "previous_secret_expires_at")),
				owner);
	}

	private record Behind(UUID id, UUID accountId, long position) {
	}

	/**
	 * Enabled endpoints whose account has an event they have not had. The others are not
	 * touched, so an idle turn writes nothing however many endpoints there are.
	 */
	private List<UUID> endpointsWithNewEvents(long head) {
		List<Behind> enabled = this.jdbc.query(
				"SELECT id, account_id, feed_position FROM webhook_endpoint WHERE enabled AND feed_position < ?",
				(rs, n) -> new Behind(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
						rs.getLong("feed_position")),
				head);
		if (enabled.isEmpty()) {
			return List.of();
		}
		Map<UUID, Long> latest = this.feed
			.latestPositions(enabled.stream().map(Behind::accountId).collect(Collectors.toSet()));
		return enabled.stream()
			.filter((endpoint) -> latest.getOrDefault(endpoint.accountId(), 0L) > endpoint.position())
			.map(Behind::id)
			.toList();
	}

	/** The page's records that have a delivery waiting at this endpoint. */
	private Set<UUID> held(EndpointStream stream, List<FeedEvent> events) {
		UUID[] records = events.stream().map((event) -> event.record().id()).distinct().toArray(UUID[]::new);
		if (records.length == 0) {
			return Set.of();
		}
		return new HashSet<>(this.jdbc.queryForList(
				"SELECT DISTINCT record_id FROM webhook_delivery"
						+ " WHERE endpoint_id = ? AND state = 'pending' AND record_id = ANY(?)",
				UUID.class, stream.id(), records));
	}

	/**
	 * Writes the page's deliveries and moves the endpoint on, in one transaction; false
	 * when this sender no longer holds the endpoint (its lease ran out and another took
	 * it, which sends the page again).
	 */
	private boolean write(EndpointStream stream, PageSender.Result page, long reached) {
		return this.transactions.execute((status) -> {
			List<Boolean> enabled = this.jdbc.queryForList(
					"SELECT enabled FROM webhook_endpoint WHERE id = ? AND stream_owner = ? FOR UPDATE", Boolean.class,
					stream.id(), stream.owner());
			if (enabled.isEmpty()) {
				return false;
			}
			if (!page.outcomes().isEmpty()) {
				insert(stream, page.outcomes(), enabled.get(0));
			}
			this.jdbc.update(
					"UPDATE webhook_endpoint SET feed_position = greatest(feed_position, ?),"
							+ " stream_lease_until = clock_timestamp() + ? * interval '1 millisecond' WHERE id = ?",
					reached, this.properties.lease().toMillis(), stream.id());
			return true;
		});
	}

	private void insert(EndpointStream stream, List<PageSender.Outcome> outcomes, boolean enabled) {
		int size = outcomes.size();
		String[] ids = new String[size];
		String[] types = new String[size];
		UUID[] records = new UUID[size];
		Long[] positions = new Long[size];
		String[] payloads = new String[size];
		String[] states = new String[size];
		Integer[] statuses = new Integer[size];
		Integer[] latencies = new Integer[size];
		String[] excerpts = new String[size];
		String[] errors = new String[size];
		for (int i = 0; i < size; i++) {
			PageSender.Outcome outcome = outcomes.get(i);
			FeedEvent event = outcome.event();
			DeliveryAttempt attempt = outcome.attempt();
			ids[i] = event.id();
			types[i] = event.type();
			records[i] = event.record().id();
			positions[i] = Long.parseLong(event.cursor());
			payloads[i] = outcome.payload();
			states[i] = outcome.delivered() ? "delivered" : (enabled ? "pending" : "cancelled");
			if (outcome.delivered()) {
				statuses[i] = attempt.status();
				latencies[i] = (int) attempt.latencyMillis();
				excerpts[i] = attempt.excerpt();
			}
			else if (!enabled) {
				errors[i] = "Cancelled: the endpoint was disabled while this event was being sent";
			}
		}
		// In the page's order, so a record's held events get ids after the delivery they
		// wait behind and failed ones keep the feed's order among themselves.
		List<Map<String, Object>> rows = this.jdbc.queryForList("INSERT INTO webhook_delivery (endpoint_id,"
				+ " account_id, event_id, event_type, record_id, event_position, payload, state, attempts, last_status,"
				+ " last_latency_ms, last_excerpt, last_error, delivered_at)"
				+ " SELECT ?, ?, e.event_id, e.event_type, e.record_id, e.position, e.payload, e.state,"
				+ " CASE WHEN e.state = 'delivered' THEN 1 ELSE 0 END, e.status, e.latency, e.excerpt, e.error,"
				+ " CASE WHEN e.state = 'delivered' THEN now() END"
				+ " FROM unnest(?::text[], ?::text[], ?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::int[], ?::int[],"
				+ " ?::text[], ?::text[]) WITH ORDINALITY"
				+ " AS e(event_id, event_type, record_id, position, payload, state, status, latency, excerpt, error, n)"
				+ " ORDER BY e.n RETURNING id, event_id", stream.id(), stream.accountId(), ids, types, records,
				positions, payloads, states, statuses, latencies, excerpts, errors);
		Map<String, Long> deliveryIds = rows.stream()
			.collect(Collectors.toMap((row) -> (String) row.get("event_id"), (row) -> (Long) row.get("id")));
		if (outcomes.stream().anyMatch(PageSender.Outcome::delivered)) {
			this.ledger.deliveredTo(new UUID[] { stream.id() });
		}
		if (enabled) {
			List<DeliveryAttempt> failed = new ArrayList<>();
			for (PageSender.Outcome outcome : outcomes) {
				DeliveryAttempt attempt = outcome.attempt();
				if (attempt != null && !attempt.delivered()) {
					failed.add(new DeliveryAttempt(deliveryIds.get(outcome.event().id()), attempt.status(),
							attempt.latencyMillis(), attempt.excerpt(), attempt.error()));
				}
			}
			this.ledger.failed(failed);
		}
	}

	private void release(EndpointStream stream) {
		this.jdbc.update("UPDATE webhook_endpoint SET stream_owner = null, stream_lease_until = null"
				+ " WHERE id = ? AND stream_owner = ?", stream.id(), stream.owner());
	}

}
