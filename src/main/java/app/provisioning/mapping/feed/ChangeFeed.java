package app.provisioning.mapping.feed;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import app.provisioning.account.AccountService;
import app.provisioning.platform.Refusal;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads an account's change feed: every change to its records, in the order the feed gave
 * them positions, each exactly once. The events themselves are written by the database,
 * in the transaction of the change (migration V14's triggers on {@code person} and
 * {@code login_user}).
 */
@Component
public class ChangeFeed {

	public static final int DEFAULT_LIMIT = 100;

	public static final int MAX_LIMIT = 1000;

	/**
	 * Events after a cursor. {@code next} is where to continue: after the last event when
	 * {@code hasMore}, else the feed's head, so an idle consumer's cursor stays current.
	 */
	public record Page(List<FeedEvent> events, String next, boolean hasMore) {
	}

	private final JdbcTemplate jdbc;

	private final FeedSequencer sequencer;

	private final AccountService accounts;

	private final FeedProperties properties;

	private final TransactionTemplate snapshot;

	ChangeFeed(JdbcTemplate jdbc, FeedSequencer sequencer, AccountService accounts, FeedProperties properties,
			PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.sequencer = sequencer;
		this.accounts = accounts;
		this.properties = properties;
		this.snapshot = new TransactionTemplate(transactions);
		this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.snapshot.setReadOnly(true);
	}

	/**
	 * Events of the account after {@code after} (null: from the oldest kept). Refused
	 * with 400 for a cursor that is not one of ours or a bad limit, 410 when events after
	 * the cursor were purged.
	 */
	public Page read(UUID accountId, String after, Integer limit) {
		this.accounts.get(accountId);
		int size = (limit == null) ? DEFAULT_LIMIT : limit;
		if (size < 1 || size > MAX_LIMIT) {
			throw Refusal.invalid("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
		}
		long from = parse(after);
		this.sequencer.sequence();
		return this.snapshot.execute((status) -> {
			long head = head();
			if (from > head) {
				throw Refusal.invalid("after '" + after + "' is ahead of this feed (its head is " + head
						+ "); pass a cursor this feed returned");
			}
			long purged = purgedThrough(accountId);
			if (after != null && from < purged) {
				throw Refusal.gone("Events after cursor '" + after + "' were purged: the feed keeps events for "
						+ this.properties.retention().toDays()
						+ " days. Rebuild from the records API and follow the feed from the cursor of GET events/head"
						+ " taken before you started.");
			}
			List<FeedEvent> events = this.jdbc.query(
					"SELECT * FROM record_event WHERE account_id = ? AND position > ?" + " ORDER BY position LIMIT ?",
					this::event, accountId, from, size + 1);
			boolean more = events.size() > size;
			if (more) {
				events = events.subList(0, size);
			}
			String next = more ? events.get(size - 1).cursor() : Long.toString(head);
			return new Page(List.copyOf(events), next, more);
		});
	}

	/**
	 * The cursor of the feed as it stands: start here to get only what changes from now
	 * on.
	 */
	public String head(UUID accountId) {
		this.accounts.get(accountId);
		this.sequencer.sequence();
		return Long.toString(head());
	}

	/** One event by its id, if the account has it and it is still kept. */
	public Optional<FeedEvent> event(UUID accountId, String eventId) {
		this.accounts.get(accountId);
		long id = FeedEvent.rowId(eventId);
		if (id < 0) {
			throw Refusal.invalid("'" + eventId + "' is not an event id (they look like evt_1234)");
		}
		return this.jdbc
			.query("SELECT * FROM record_event WHERE account_id = ? AND id = ? AND position IS NOT NULL", this::event,
					accountId, id)
			.stream()
			.findFirst();
	}

	/**
	 * Events of the account from a position on, for a consumer inside the server
	 * (webhooks).
	 */
	public List<FeedEvent> after(UUID accountId, long position, int limit) {
		return this.jdbc.query(
				"SELECT * FROM record_event WHERE account_id = ? AND position > ? ORDER BY position" + " LIMIT ?",
				this::event, accountId, position, limit);
	}

	/**
	 * The highest position of each account's events (accounts without any are left out).
	 */
	public Map<UUID, Long> latestPositions(Set<UUID> accountIds) {
		Map<UUID, Long> latest = new HashMap<>();
		this.jdbc.query("SELECT a.id, (SELECT max(position) FROM record_event WHERE account_id = a.id) AS position"
				+ " FROM unnest(?::uuid[]) AS a(id)", (rs) -> {
					long position = rs.getLong("position");
					if (!rs.wasNull()) {
						latest.put(rs.getObject("id", UUID.class), position);
					}
				}, (Object) accountIds.toArray(UUID[]::new));
		return latest;
	}

	/** The first position at or after a time, for replaying everything since then. */
	public long positionBefore(UUID accountId, Instant since) {
		Long position = this.jdbc.queryForObject(
				"SELECT min(position) - 1 FROM record_event WHERE account_id = ?"
						+ " AND position IS NOT NULL AND at >= ?",
				Long.class, accountId, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
		return (position != null) ? position : headPosition();
	}

	/** The highest position given so far. */
	public long headPosition() {
		this.sequencer.sequence();
		return head();
	}

	private long head() {
		return this.jdbc.queryForObject("SELECT last_position FROM feed_sequence", Long.class);
	}

	private long purgedThrough(UUID accountId) {
		List<Long> purged = this.jdbc.queryForList("SELECT purged_through FROM feed_horizon WHERE account_id = ?",
				Long.class, accountId);
		return purged.isEmpty() ? 0 : purged.get(0);
	}

	private static long parse(String after) {
		if (after == null) {
			return 0;
		}
		if (after.isEmpty() || after.length() > 18 || !after.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			throw Refusal.invalid("after '" + after + "' is not a cursor of this feed; pass the 'next'"
					+ " or an event's 'cursor' from an earlier answer, or leave it out to start at the oldest event kept");
		}
		return Long.parseLong(after);
	}

	private FeedEvent event(ResultSet rs, int n) throws SQLException {
		UUID accountId = rs.getObject("account_id", UUID.class);
		return new FeedEvent(FeedEvent.ID_PREFIX + rs.getLong("id"), rs.getString("type"),
				rs.getObject("at", OffsetDateTime.class).toInstant(), Long.toString(rs.getLong("position")),
				FeedEvent.Record.of(accountId, rs.getString("record_type"), rs.getObject("record_id", UUID.class),
						rs.getLong("record_version")),
				rs.getString("data"));
	}

}
