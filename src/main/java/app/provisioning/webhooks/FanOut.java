package app.provisioning.webhooks;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import app.provisioning.mapping.feed.ChangeFeed;
import app.provisioning.mapping.feed.FeedEvent;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Queues each new feed event once for every enabled endpoint that wants it. An endpoint
 * is claimed with SKIP LOCKED, and its deliveries and new feed position are written in
 * one transaction, so two instances never queue the same range and a crash queues nothing
 * twice. Endpoints whose account has no new event are not touched: with many endpoints,
 * an idle pass writes nothing.
 */
@Component
class FanOut {

	static final int ENDPOINTS_PER_PASS = 100;

	static final int EVENTS_PER_ENDPOINT = 1000;

	private final JdbcTemplate jdbc;

	private final ChangeFeed feed;

	private final DeliveryQueue queue;

	private final TransactionTemplate transactions;

	FanOut(JdbcTemplate jdbc, ChangeFeed feed, DeliveryQueue queue, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.feed = feed;
		this.queue = queue;
		this.transactions = transactions;
	}

	private record Follower(UUID id, UUID accountId, List<String> types, long position) {
	}

	/**
	 * Queues what is new for the endpoints that are behind; true when some endpoint may
	 * still be behind (a full page or a full pass), so the caller goes on at once instead
	 * of pausing.
	 */
	boolean pass() {
		long head = this.feed.headPosition();
		List<UUID> behind = endpointsWithNewEvents(head);
		if (behind.isEmpty()) {
			return false;
		}
		return this.transactions.execute((status) -> {
			List<Follower> followers = this.jdbc.query("SELECT id, account_id, event_types, feed_position"
					+ " FROM webhook_endpoint WHERE id = ANY(?) AND enabled AND feed_position < ? ORDER BY feed_position"
					+ " LIMIT ? FOR UPDATE SKIP LOCKED",
					(rs, n) -> new Follower(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
							List.of((String[]) rs.getArray("event_types").getArray()), rs.getLong("feed_position")),
					behind.toArray(UUID[]::new), head, ENDPOINTS_PER_PASS);
			boolean more = followers.size() == ENDPOINTS_PER_PASS;
			for (Follower follower : followers) {
				more |= follow(follower, head);
			}
			return more;
		});
	}

	/**
	 * Enabled endpoints whose account has an event they have not queued. The others are
	 * left alone, so an idle pass writes nothing however many endpoints there are.
	 */
	private List<UUID> endpointsWithNewEvents(long head) {
		List<Follower> enabled = this.jdbc.query(
				"SELECT id, account_id, feed_position FROM webhook_endpoint" + " WHERE enabled AND feed_position < ?",
				(rs, n) -> new Follower(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
						List.of(), rs.getLong("feed_position")),
				head);
		if (enabled.isEmpty()) {
			return List.of();
		}
		Map<UUID, Long> latest = this.feed
			.latestPositions(enabled.stream().map(Follower::accountId).collect(Collectors.toSet()));
		return enabled.stream()
			.filter((endpoint) -> latest.getOrDefault(endpoint.accountId(), 0L) > endpoint.position())
			.map(Follower::id)
			.toList();
	}

	/** Queues the follower's next page of events; true when the page was full. */
	private boolean follow(Follower follower, long head) {
		List<FeedEvent> events = this.feed.after(follower.accountId(), follower.position(), EVENTS_PER_ENDPOINT);
		List<FeedEvent> wanted = events.stream()
			.filter((event) -> follower.types().isEmpty() || follower.types().contains(event.type()))
			.toList();
		this.queue.add(follower.id(), follower.accountId(), wanted);
		// Every event up to the head read before the query was visible to it, so when the
		// page
		// is not full the endpoint has seen everything up to there.
		long reached = events.isEmpty() ? head : Long.parseLong(events.get(events.size() - 1).cursor());
		if (events.size() < EVENTS_PER_ENDPOINT) {
			reached = Math.max(reached, head);
		}
		// Another instance may have moved the endpoint past the head this pass read;
		// never back.
		reached = Math.max(reached, follower.position());
		this.jdbc.update("UPDATE webhook_endpoint SET feed_position = ? WHERE id = ?", reached, follower.id());
		return events.size() == EVENTS_PER_ENDPOINT;
	}

}
